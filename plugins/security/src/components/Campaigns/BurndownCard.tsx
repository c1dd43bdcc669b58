import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { BurndownPoint } from '@posture/backstage-plugin-security-common';
import { lazy, Suspense } from 'react';
import { DayTable, formatDay } from '../TrendChart';
import { countOf } from '../shared/countOf';

// The charting library is the largest part of the page; loading it on its own lets the rest
// show first.
const LazyBurndownChart = lazy(() =>
  import('./BurndownChart').then(m => ({ default: m.BurndownChart })),
);

const HEIGHT = 240;

/** "From 12 services on Dec 1, 2026 to 3 on Dec 20, 2026": the chart in a sentence. */
export function burndownSummary(points: BurndownPoint[]): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (points.length === 1) {
    return `${countOf(
      last.remaining,
      'service',
      'services',
    )} affected on ${formatDay(last.date)}.`;
  }
  return `From ${countOf(
    first.remaining,
    'service',
    'services',
  )} affected on ${formatDay(first.date)} to ${last.remaining} on ${formatDay(
    last.date,
  )}.`;
}

/**
 * The campaign's burn-down, one point a day (recorded when reports arrive and daily), with
 * the same numbers in a sentence and in a table for screen readers.
 */
export function BurndownCard(props: { points: BurndownPoint[] }) {
  const { points } = props;
  return (
    <InfoCard title="Burn-down" subheader="Services still affected per day">
      <div data-testid="campaign-burndown">
        {points.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No point yet: the first is recorded when the campaign is next
            recomputed.
          </Typography>
        ) : (
          <>
            <Suspense fallback={<div style={{ height: HEIGHT }} />}>
              <LazyBurndownChart points={points} height={HEIGHT} />
            </Suspense>
            <Typography
              variant="body2"
              color="textSecondary"
              style={{ marginTop: 8 }}
            >
              {burndownSummary(points)}
            </Typography>
            <DayTable
              caption="Services still affected per day"
              columns={['Still affected', 'Matched so far']}
            >
              {points.map(point => (
                <tr key={point.date}>
                  <th scope="row">{formatDay(point.date)}</th>
                  <td>{point.remaining}</td>
                  <td>{point.total}</td>
                </tr>
              ))}
            </DayTable>
          </>
        )}
      </div>
    </InfoCard>
  );
}
