import { lazy, Suspense, type ComponentProps } from 'react';
import type { TrendChart as Chart } from './TrendChart';

// The charting library is the largest part of the page; loading it on its own lets the cards
// and tables show first.
const LazyChart = lazy(() =>
  import('./TrendChart').then(m => ({ default: m.TrendChart })),
);

/** `TrendChart`, loaded on first use, keeping its height while it loads. */
export function TrendChart(props: ComponentProps<typeof Chart>) {
  return (
    <Suspense fallback={<div style={{ height: props.height ?? 240 }} />}>
      <LazyChart {...props} />
    </Suspense>
  );
}

export type { TrendDatum, TrendView } from './TrendChart';
export { formatDay } from './formatDay';
export {
  BUCKET_COLORS,
  GRADE_BUCKETS,
  bucketHeading,
  bucketLabel,
  type GradeBucket,
} from './trendColors';
export { DayTable, FleetTrendTable, EntityHistoryTable } from './TrendTables';
export { fleetTrendSummary, entityTrendSummary } from './trendSummary';
