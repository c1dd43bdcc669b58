import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import type { TrendPoint } from '@posture/backstage-plugin-security-common';
import { useState } from 'react';
import {
  FleetTrendTable,
  fleetTrendSummary,
  TrendChart,
  type TrendView,
} from '../TrendChart';
import { TREND_DAYS } from './scorecardParams';

/**
 * The selection over the last 90 days: grades stacked per day, or the mean score. The
 * numbers behind the picture are in a sentence and, for screen readers, a table.
 */
export function FleetTrendCard(props: { points: TrendPoint[] }) {
  const { points } = props;
  const [view, setView] = useState<TrendView>('grades');
  return (
    <InfoCard
      title={`Last ${TREND_DAYS} days`}
      subheader={
        view === 'grades'
          ? 'Entities per grade, each day'
          : 'Mean score, each day'
      }
      action={
        points.length > 0 && (
          <ToggleButtonGroup
            size="small"
            exclusive
            value={view}
            onChange={(_event, next: TrendView | null) => next && setView(next)}
            aria-label="Trend shows"
          >
            <ToggleButton value="grades">Grades</ToggleButton>
            <ToggleButton value="score">Mean score</ToggleButton>
          </ToggleButtonGroup>
        )
      }
    >
      <div data-testid="scorecard-trend">
        {points.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No daily snapshot yet: the trend starts with the first daily
            regrade.
          </Typography>
        ) : (
          <>
            <TrendChart points={points} view={view} scoreLabel="Mean score" />
            <Typography
              variant="body2"
              color="textSecondary"
              style={{ marginTop: 8 }}
            >
              {fleetTrendSummary(points)}
            </Typography>
            <FleetTrendTable
              points={points}
              caption={`Entities per grade and mean score per day, last ${TREND_DAYS} days`}
            />
          </>
        )}
      </div>
    </InfoCard>
  );
}
