import { useTheme } from '@material-ui/core/styles';
import type {
  GradeCounts,
  TrendPoint,
} from '@posture/backstage-plugin-security-common';
import useMeasure from 'react-use/esm/useMeasure';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { GRADE_COLORS } from '../GradeBadge/gradeColor';
import { formatDay, formatShortDay } from './formatDay';
import {
  BUCKET_COLORS,
  bucketLabel,
  GRADE_BUCKETS,
  type GradeBucket,
} from './trendColors';

/** Stacked grade counts per day, or the (mean) score per day. */
export type TrendView = 'grades' | 'score';

// The grade bands of the score (A >= 90 ... F below 60), drawn behind the score line so a
// score reads as its grade.
const BANDS = [
  { grade: 'A', from: 90, to: 100 },
  { grade: 'B', from: 80, to: 90 },
  { grade: 'C', from: 70, to: 80 },
  { grade: 'D', from: 60, to: 70 },
  { grade: 'F', from: 0, to: 60 },
] as const;

/** One day: its (mean) score, and for the grades view its grade counts. */
export type TrendDatum = Pick<TrendPoint, 'date' | 'score'> & {
  grades?: GradeCounts;
};

type Row = Partial<Record<GradeBucket, number>> & {
  date: string;
  score: number | null;
};

/**
 * The score axis starts below the lowest score (at 50 at most, at 0 at least): from 0 the F
 * band would take most of the height and squash the changes that matter.
 */
export function scoreFloor(points: TrendDatum[]): number {
  const scores = points
    .map(point => point.score)
    .filter((score): score is number => score !== null);
  if (scores.length === 0) {
    return 50;
  }
  const lowest = Math.floor((Math.min(...scores) - 5) / 10) * 10;
  return Math.max(0, Math.min(50, lowest));
}

function rows(points: TrendDatum[]): Row[] {
  return points.map(point => ({
    date: point.date,
    score: point.score === null ? null : Math.round(point.score),
    ...point.grades,
  }));
}

/**
 * The picture of a trend. It is hidden from assistive technology and takes no keyboard
 * focus: callers put the same numbers in a table and a sentence, which read better than a
 * tour of 90 bars. Without a measured width (tests, a collapsed card) it draws nothing.
 */
export function TrendChart(props: {
  points: TrendDatum[];
  view: TrendView;
  /** Shade the grade bands behind the score line (one entity's history). */
  gradeBands?: boolean;
  /** Name of the score series in the tooltip, e.g. "Mean score". */
  scoreLabel?: string;
  height?: number;
}) {
  const { points, view, gradeBands = false } = props;
  const scoreLabel = props.scoreLabel ?? 'Score';
  const height = props.height ?? 240;
  const theme = useTheme();
  const [ref, { width }] = useMeasure<HTMLDivElement>();
  const data = rows(points);
  const text = theme.palette.text.secondary;
  const axis = {
    stroke: text,
    tick: { fill: text, fontSize: 12 },
  };
  const xAxis = (
    <XAxis
      dataKey="date"
      tickFormatter={formatShortDay}
      minTickGap={24}
      {...axis}
    />
  );
  const tooltip = (
    <Tooltip
      labelFormatter={label => formatDay(String(label))}
      contentStyle={{
        background: theme.palette.background.paper,
        color: theme.palette.text.primary,
        border: `1px solid ${theme.palette.divider}`,
      }}
    />
  );
  // What either chart takes: its size, its rows, and no keyboard layer (see above).
  const chart = {
    width,
    height,
    data,
    margin: { top: 8, right: gradeBands ? 24 : 8, bottom: 0, left: -16 },
    accessibilityLayer: false,
  };
  const floor = scoreFloor(points);

  return (
    <div
      ref={ref}
      aria-hidden="true"
      data-testid="trend-chart"
      style={{ width: '100%', height }}
    >
      {width > 0 && view === 'grades' && (
        <BarChart {...chart}>
          <CartesianGrid vertical={false} stroke={theme.palette.divider} />
          {xAxis}
          <YAxis allowDecimals={false} {...axis} />
          {tooltip}
          <Legend
            iconType="square"
            // Recharts colours each name like its series; a yellow "C" on white is
            // unreadable, so the names keep the text colour and the squares carry the hue.
            formatter={value => <span style={{ color: text }}>{value}</span>}
          />
          {GRADE_BUCKETS.map(bucket => (
            <Bar
              key={bucket}
              dataKey={bucket}
              name={bucketLabel(bucket)}
              stackId="grades"
              fill={BUCKET_COLORS[bucket]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      )}
      {width > 0 && view === 'score' && (
        <LineChart {...chart}>
          {gradeBands &&
            BANDS.filter(band => band.to > floor).map(band => (
              <ReferenceArea
                key={band.grade}
                y1={Math.max(band.from, floor)}
                y2={band.to}
                fill={GRADE_COLORS[band.grade]}
                fillOpacity={0.12}
                strokeOpacity={0}
                label={{
                  value: band.grade,
                  // Right of the plot, where the line never runs over it.
                  position: 'right',
                  fill: text,
                  fontSize: 12,
                }}
                ifOverflow="hidden"
              />
            ))}
          <CartesianGrid vertical={false} stroke={theme.palette.divider} />
          {xAxis}
          <YAxis
            domain={[floor, 100]}
            ticks={[...new Set([floor, 60, 70, 80, 90, 100])].filter(
              tick => tick >= floor,
            )}
            allowDataOverflow
            {...axis}
          />
          {tooltip}
          <Line
            dataKey="score"
            name={scoreLabel}
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            dot={points.length <= 31}
            // A day without a score (nothing graded) is a gap, not a drop to zero.
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      )}
    </div>
  );
}
