import Grid from '@material-ui/core/Grid';
import type {
  EntityPosture,
  Exemption,
} from '@posture/backstage-plugin-security-common';
import { useReloadable } from '../shared/useReloadable';
import { DEFAULT_MAX_EXEMPTION_DAYS } from './exemptionDates';
import { ExemptionsCard } from './ExemptionsCard';
import { PolicyChecksCard } from './PolicyChecksCard';

/**
 * The Overview's policy cells: the checks with "Request exemption", and the entity's
 * exemptions with Approve / Reject. They share one list of exemptions, so a request shows at
 * once in both; an approval reloads the posture, whose grade it changed.
 */
export function PolicySection(props: {
  entityRef: string;
  posture: EntityPosture;
  /** Fetches the posture again. */
  onReload: () => Promise<void>;
}) {
  const { entityRef, posture, onReload } = props;
  const exemptions = useReloadable(
    api => api.listExemptions({ entityRef }),
    [entityRef],
  );
  const pending = (exemptions.value?.items ?? []).filter(
    e => e.status === 'pending',
  );
  const decided = async (exemption: Exemption) => {
    await exemptions.reload();
    if (exemption.status === 'approved') {
      await onReload();
    }
  };

  return (
    <>
      <Grid item xs={12} md={6}>
        <PolicyChecksCard
          entityRef={entityRef}
          policy={posture.policy ?? null}
          // Rows graded before policies existed have none (older backends: no key at all).
          checks={posture.checks ?? []}
          pending={pending}
          maxExemptionDays={DEFAULT_MAX_EXEMPTION_DAYS}
          onRequested={() => exemptions.reload()}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <ExemptionsCard
          exemptions={exemptions}
          maxExemptionDays={DEFAULT_MAX_EXEMPTION_DAYS}
          onDecided={decided}
        />
      </Grid>
    </>
  );
}
