import { useTheme } from '@material-ui/core/styles';
import type { BurndownPoint } from '@posture/backstage-plugin-security-common';
import useMeasure from 'react-use/esm/useMeasure';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDay, formatShortDay } from '../TrendChart/formatDay';

/**
 * The picture of a burn-down: the services still affected per day, under the services
 * matched so far. Hidden from assistive technology, like the trend charts: the caller puts
 * the same numbers in a table. Without a measured width (tests) it draws nothing.
 */
export function BurndownChart(props: {
  points: BurndownPoint[];
  height?: number;
}) {
  const height = props.height ?? 240;
  const theme = useTheme();
  const [ref, { width }] = useMeasure<HTMLDivElement>();
  const text = theme.palette.text.secondary;
  const axis = { stroke: text, tick: { fill: text, fontSize: 12 } };
  // A month's dots still read as days; more crowd the line. (Recharts dots a single point
  // whatever it is told, as it has no line to draw.)
  const dots = props.points.length <= 31;
  return (
    <div
      ref={ref}
      aria-hidden="true"
      data-testid="burndown-chart"
      style={{ width: '100%', height }}
    >
      {width > 0 && (
        <LineChart
          width={width}
          height={height}
          data={props.points}
          margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
          accessibilityLayer={false}
        >
          <CartesianGrid vertical={false} stroke={theme.palette.divider} />
          <XAxis
            dataKey="date"
            tickFormatter={formatShortDay}
            minTickGap={24}
            {...axis}
          />
          <YAxis allowDecimals={false} domain={[0, 'auto']} {...axis} />
          <Tooltip
            labelFormatter={label => formatDay(String(label))}
            contentStyle={{
              background: theme.palette.background.paper,
              color: theme.palette.text.primary,
              border: `1px solid ${theme.palette.divider}`,
            }}
          />
          <Legend
            formatter={value => <span style={{ color: text }}>{value}</span>}
          />
          <Line
            type="stepAfter"
            dataKey="total"
            name="Matched so far"
            stroke={theme.palette.text.disabled}
            strokeDasharray="4 4"
            // Dots are solid rings like the other series': inheriting the dashes would draw a
            // broken stray mark, which is all a first day (no line yet) would show.
            dot={dots && { strokeDasharray: 'none' }}
            isAnimationActive={false}
          />
          <Line
            type="stepAfter"
            dataKey="remaining"
            name="Still affected"
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            dot={dots}
            isAnimationActive={false}
          />
        </LineChart>
      )}
    </div>
  );
}
