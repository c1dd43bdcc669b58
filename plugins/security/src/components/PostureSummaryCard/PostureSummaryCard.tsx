import { InfoCard } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { EntityPosture } from '@posture/backstage-plugin-security-common';
import { GradeBadge } from '../GradeBadge/GradeBadge';
import { MissingSources } from '../MissingSources/MissingSources';
import { ReasonsList } from '../ReasonsList/ReasonsList';
import { RelativeTime } from '../shared/RelativeTime';
import { ExploitabilityCounts } from './ExploitabilityCounts';

/** The headline: grade, score, freshness, what pulled the grade down and what is unknown. */
export function PostureSummaryCard(props: { posture: EntityPosture }) {
  const { grade, score, reasons, updatedAt } = props.posture;
  // Older backends do not send `missing`.
  const missing = props.posture.missing ?? [];
  return (
    <InfoCard title="Security posture">
      <Grid container spacing={3} alignItems="flex-start">
        <Grid item>
          <GradeBadge grade={grade} />
        </Grid>
        <Grid item xs>
          {score !== null && (
            <Typography variant="h6">Score {score} / 100</Typography>
          )}
          {updatedAt && (
            <Typography variant="body2" color="textSecondary">
              Updated <RelativeTime value={updatedAt} />
            </Typography>
          )}
          <ExploitabilityCounts summary={props.posture.vulnerabilities} />
          {reasons.length > 0 && <ReasonsList reasons={reasons} />}
          {reasons.length === 0 && grade !== null && (
            <Typography variant="body2">
              {missing.length > 0
                ? 'Every known check passes.'
                : 'All checks pass.'}
            </Typography>
          )}
          <MissingSources missing={missing} />
        </Grid>
      </Grid>
    </InfoCard>
  );
}
