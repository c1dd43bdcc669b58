import { InfoCard, Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { Exemption } from '@posture/backstage-plugin-security-common';
import { PostureErrorPanel } from '../PostureErrorPanel/PostureErrorPanel';
import { EntryList } from '../shared/EntryList';
import type { Reloadable } from '../shared/useReloadable';
import { ApprovePermission } from './ApprovePermission';
import { ExemptionRow } from './ExemptionRow';

/**
 * The entity's exemptions, newest first: status, requester, approver, expiry and
 * justification, with Approve / Reject for holders of `security.exemption.approve`.
 */
export function ExemptionsCard(props: {
  exemptions: Reloadable<{ items: Exemption[] }>;
  maxExemptionDays: number;
  onDecided: (exemption: Exemption) => void;
}) {
  const { exemptions, maxExemptionDays, onDecided } = props;
  const items = exemptions.value?.items ?? [];

  let content;
  if (exemptions.loading && !exemptions.value) {
    content = <Progress />;
  } else if (exemptions.error) {
    content = (
      <PostureErrorPanel
        error={exemptions.error}
        onRetry={exemptions.reload}
        subject="the exemptions"
      />
    );
  } else if (items.length === 0) {
    content = (
      <>
        <Typography variant="subtitle1" component="p">
          No exemptions
        </Typography>
        <Typography variant="body2" color="textSecondary">
          When a check cannot pass yet, its owners can ask for an exemption of
          up to {maxExemptionDays} days with Request exemption under Policy
          checks; someone else who may approve exemptions decides.
        </Typography>
      </>
    );
  } else {
    content = (
      <ApprovePermission>
        {canDecide => (
          <EntryList label="Exemptions">
            {items.map(exemption => (
              <ExemptionRow
                key={exemption.id}
                exemption={exemption}
                canDecide={canDecide}
                onDecided={onDecided}
              />
            ))}
          </EntryList>
        )}
      </ApprovePermission>
    );
  }

  return (
    <Box data-testid="exemptions-card" height="100%">
      <InfoCard title="Exemptions" variant="gridItem">
        {content}
      </InfoCard>
    </Box>
  );
}
