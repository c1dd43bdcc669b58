import { makeStyles } from '@material-ui/core/styles';
import type {
  HistoryItem,
  TrendPoint,
} from '@posture/backstage-plugin-security-common';
import type { ReactNode } from 'react';
import { NONE } from '../shared/none';
import { visuallyHidden } from '../shared/visuallyHidden';
import { formatDay } from './formatDay';
import { bucketHeading, bucketLabel, GRADE_BUCKETS } from './trendColors';

const useStyles = makeStyles({ hidden: visuallyHidden });

function score(value: number | null): string {
  return value === null ? NONE : String(Math.round(value));
}

/** A table only screen readers see, one row per day: a chart's words. */
export function DayTable(props: {
  caption: string;
  /** The headings after "Date". */
  columns: string[];
  children: ReactNode;
}) {
  const classes = useStyles();
  return (
    // A wrapper is hidden, not the table: a table keeps its content's width whatever its
    // own width says, and would widen a phone's page.
    <div className={classes.hidden}>
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {['Date', ...props.columns].map(column => (
              <th scope="col" key={column}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** What the fleet chart draws, day by day, for screen readers. */
export function FleetTrendTable(props: {
  points: TrendPoint[];
  caption: string;
}) {
  return (
    <DayTable
      caption={props.caption}
      columns={[...GRADE_BUCKETS.map(bucketHeading), 'Mean score']}
    >
      {props.points.map(point => (
        <tr key={point.date}>
          <th scope="row">{formatDay(point.date)}</th>
          {GRADE_BUCKETS.map(bucket => (
            <td key={bucket}>{point.grades[bucket]}</td>
          ))}
          <td>{score(point.score)}</td>
        </tr>
      ))}
    </DayTable>
  );
}

/** What an entity's history chart draws, day by day, for screen readers. */
export function EntityHistoryTable(props: {
  items: HistoryItem[];
  caption: string;
}) {
  return (
    <DayTable caption={props.caption} columns={['Grade', 'Score']}>
      {props.items.map(item => (
        <tr key={item.date}>
          <th scope="row">{formatDay(item.date)}</th>
          <td>{item.grade ?? bucketLabel('none')}</td>
          <td>{score(item.score)}</td>
        </tr>
      ))}
    </DayTable>
  );
}
