import Typography from '@material-ui/core/Typography';
import type { ImpactListResponse } from '@posture/backstage-plugin-security-common';
import { countOf } from '../shared/countOf';
import { groupByOwner } from '../shared/groupByOwner';
import { CollapsibleSection } from '../shared/CollapsibleSection';
import { ImpactServicesTable } from './ImpactServicesTable';

/** "5 services", and how many of them this page shows when not all. */
function groupCount(total: number | undefined, onPage: number): string {
  if (total === undefined || total === onPage) {
    return countOf(onPage, 'service', 'services');
  }
  return `${countOf(total, 'service', 'services')}, ${onPage} on this page`;
}

/**
 * One page of affected services, grouped by owner in the page's order. Each group says how
 * many services the owner has in the whole answer, which a page may split.
 */
export function ImpactResults(props: { page: ImpactListResponse }) {
  const { page } = props;
  const groups = groupByOwner(page.items, page.owners);
  return (
    <div>
      {groups.map(group => {
        const total = page.owners.find(owner => owner.ref === group.ref);
        return (
          <CollapsibleSection
            key={group.ref ?? ''}
            title={group.title}
            count={groupCount(total?.entities, group.items.length)}
          >
            <ImpactServicesTable
              services={group.items}
              label={`Services of ${group.title}`}
            />
          </CollapsibleSection>
        );
      })}
      {groups.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No service on this page.
        </Typography>
      )}
    </div>
  );
}
