import { InfoCard } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { EntityPosture } from '@posture/backstage-plugin-security-common';
import { GradeBadge } from '../GradeBadge/GradeBadge';
import { ReasonsList } from '../ReasonsList/ReasonsList';
import { RelativeTime } from '../shared/RelativeTime';

/** The headline: grade, score, freshness and what pulled the grade down. */
export function PostureSummaryCard(props: { posture: EntityPosture }) {
  const { grade, score, reasons, updatedAt } = props.posture;
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
          {reasons.length > 0 && <ReasonsList reasons={reasons} />}
          {reasons.length === 0 && grade !== null && (
            <Typography variant="body2">All checks pass.</Typography>
          )}
        </Grid>
      </Grid>
    </InfoCard>
  );
}
