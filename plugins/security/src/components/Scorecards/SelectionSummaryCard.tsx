import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ScorecardGroupBy } from '@posture/backstage-plugin-security-common';
import { formatCount } from '../shared/formatCount';
import { GradeDistribution } from './GradeDistribution';
import type { SelectionSummary } from './selectionSummary';

const UNGROUPED: Record<ScorecardGroupBy, string> = {
  owner: 'no owner',
  system: 'no system',
  domain: 'no domain',
};

function entities(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'entity' : 'entities'}`;
}

/** The selection's headline numbers: how many entities, their mean score and grades. */
export function SelectionSummaryCard(props: {
  summary: SelectionSummary;
  groupBy: ScorecardGroupBy;
}) {
  const { summary } = props;
  return (
    <InfoCard
      title={summary.title}
      subheader={entities(summary.entities)}
      variant="gridItem"
    >
      <Box data-testid="scorecard-summary">
        <Typography variant="h4" component="p">
          {summary.score === null
            ? 'No score yet'
            : `Mean score ${Math.round(summary.score)}`}
          {summary.score !== null && (
            <Typography variant="h6" component="span" color="textSecondary">
              {' '}
              / 100
            </Typography>
          )}
        </Typography>
        <Box mt={2}>
          <GradeDistribution grades={summary.grades} />
        </Box>
        {summary.ungrouped > 0 && (
          <Box mt={2}>
            <Typography variant="body2" color="textSecondary">
              {entities(summary.ungrouped)} with {UNGROUPED[props.groupBy]}{' '}
              {summary.ungrouped === 1 ? 'is' : 'are'} not counted in these
              numbers, but listed below and in the CSV export.
            </Typography>
          </Box>
        )}
      </Box>
    </InfoCard>
  );
}
