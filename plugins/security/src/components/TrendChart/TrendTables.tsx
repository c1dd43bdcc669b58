import { makeStyles } from '@material-ui/core/styles';
import type {
  HistoryItem,
  TrendPoint,
} from '@posture/backstage-plugin-security-common';
import { NONE } from '../shared/none';
import { visuallyHidden } from '../shared/visuallyHidden';
import { formatDay } from './formatDay';
import { bucketLabel, GRADE_BUCKETS } from './trendColors';

const useStyles = makeStyles({ hidden: visuallyHidden });

function score(value: number | null): string {
  return value === null ? NONE : String(Math.round(value));
}

/** What the fleet chart draws, day by day, for screen readers. */
export function FleetTrendTable(props: {
  points: TrendPoint[];
  caption: string;
}) {
  const classes = useStyles();
  return (
    <table className={classes.hidden}>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          {GRADE_BUCKETS.map(bucket => (
            <th scope="col" key={bucket}>
              {bucket === 'none' ? bucketLabel(bucket) : `Grade ${bucket}`}
            </th>
          ))}
          <th scope="col">Mean score</th>
        </tr>
      </thead>
      <tbody>
        {props.points.map(point => (
          <tr key={point.date}>
            <th scope="row">{formatDay(point.date)}</th>
            {GRADE_BUCKETS.map(bucket => (
              <td key={bucket}>{point.grades[bucket]}</td>
            ))}
            <td>{score(point.score)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What an entity's history chart draws, day by day, for screen readers. */
export function EntityHistoryTable(props: {
  items: HistoryItem[];
  caption: string;
}) {
  const classes = useStyles();
  return (
    <table className={classes.hidden}>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Grade</th>
          <th scope="col">Score</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map(item => (
          <tr key={item.date}>
            <th scope="row">{formatDay(item.date)}</th>
            <td>{item.grade ?? bucketLabel('none')}</td>
            <td>{score(item.score)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
