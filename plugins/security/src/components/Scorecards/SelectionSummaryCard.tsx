import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ScorecardGroup } from '@posture/backstage-plugin-security-common';
import { formatCount } from '../shared/formatCount';
import { GradeDistribution } from './GradeDistribution';

function entities(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'entity' : 'entities'}`;
}

/**
 * The selection's headline numbers (the group drilled into, or the whole fleet): how many
 * entities, their mean score and grades.
 */
export function SelectionSummaryCard(props: { group: ScorecardGroup }) {
  const { group } = props;
  return (
    <InfoCard
      title={group.title}
      subheader={entities(group.entities)}
      variant="gridItem"
    >
      <Box data-testid="scorecard-summary">
        <Typography variant="h4" component="p">
          {group.score === null
            ? 'No score yet'
            : `Mean score ${Math.round(group.score)}`}
          {group.score !== null && (
            <Typography variant="h6" component="span" color="textSecondary">
              {' '}
              / 100
            </Typography>
          )}
        </Typography>
        {(group.kev !== undefined || group.highEpss !== undefined) && (
          <Typography variant="body2" component="p">
            {[
              group.kev !== undefined &&
                `Known exploited findings: ${formatCount(group.kev)}`,
              group.highEpss !== undefined &&
                `High EPSS findings: ${formatCount(group.highEpss)}`,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Typography>
        )}
        <Box mt={2}>
          <GradeDistribution grades={group.grades} />
        </Box>
      </Box>
    </InfoCard>
  );
}
