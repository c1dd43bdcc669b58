import Typography from '@material-ui/core/Typography';
import type { CampaignDetail } from '@posture/backstage-plugin-security-common';
import { CollapsibleSection } from '../shared/CollapsibleSection';
import { countOf } from '../shared/countOf';
import { groupByOwner } from '../shared/groupByOwner';
import { CampaignEntityList } from './CampaignEntityList';

/**
 * The services the campaign still waits for, by owner (who has work to do), and the fixed
 * ones folded away below.
 */
export function CampaignEntities(props: { campaign: CampaignDetail }) {
  const { campaign } = props;
  const affected = campaign.entities.filter(entity => !entity.resolvedAt);
  const resolved = campaign.entities.filter(entity => entity.resolvedAt);
  const owners = groupByOwner(affected, campaign.byOwner);
  return (
    <>
      <div data-testid="campaign-affected">
        <Typography variant="h5" component="h3" gutterBottom>
          Still affected
        </Typography>
        {owners.length === 0 && (
          <Typography variant="body2" color="textSecondary">
            No service you can see is still affected.
          </Typography>
        )}
        {owners.map(owner => (
          <CollapsibleSection
            key={owner.ref ?? ''}
            title={owner.title}
            count={countOf(owner.items.length, 'service', 'services')}
          >
            <CampaignEntityList
              entities={owner.items}
              label={`Services of ${owner.title} still affected`}
            />
          </CollapsibleSection>
        ))}
      </div>
      {resolved.length > 0 && (
        <div data-testid="campaign-resolved">
          <CollapsibleSection
            title="Fixed"
            count={countOf(resolved.length, 'service', 'services')}
            defaultExpanded={false}
          >
            <CampaignEntityList entities={resolved} label="Fixed services" />
          </CollapsibleSection>
        </div>
      )}
    </>
  );
}
