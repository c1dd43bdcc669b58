import { makeStyles } from '@material-ui/core/styles';
import type { GradeCounts } from '@posture/backstage-plugin-security-common';
import { formatCount } from '../shared/formatCount';
import { readableTextOn } from '../shared/readableTextColor';
import { BUCKET_COLORS, bucketHeading, GRADE_BUCKETS } from '../TrendChart';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    height: theme.spacing(1.5),
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
    backgroundColor: theme.palette.action.hover,
    marginBottom: theme.spacing(1.5),
  },
  list: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))',
    gap: theme.spacing(1),
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
  item: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  swatch: {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    flex: 'none',
    width: theme.spacing(3),
    height: theme.spacing(3),
    borderRadius: theme.shape.borderRadius,
    fontWeight: theme.typography.fontWeightBold as number,
    fontSize: theme.typography.body2.fontSize,
  },
  count: {
    fontWeight: theme.typography.fontWeightBold as number,
  },
}));

function percent(count: number, total: number): string {
  return total === 0 ? '0%' : `${Math.round((100 * count) / total)}%`;
}

/**
 * How many entities have each grade. The bar shows the proportions; the list under it says
 * every number with its letter, so nothing depends on telling the colours apart.
 */
export function GradeDistribution(props: { grades: GradeCounts }) {
  const classes = useStyles();
  const { grades } = props;
  const total = GRADE_BUCKETS.reduce((sum, bucket) => sum + grades[bucket], 0);
  return (
    <div>
      <div className={classes.bar} aria-hidden="true">
        {GRADE_BUCKETS.filter(bucket => grades[bucket] > 0).map(bucket => (
          <div
            key={bucket}
            style={{
              flexGrow: grades[bucket],
              backgroundColor: BUCKET_COLORS[bucket],
            }}
          />
        ))}
      </div>
      <ul className={classes.list} aria-label="Entities per grade">
        {GRADE_BUCKETS.map(bucket => (
          <li key={bucket} className={classes.item}>
            <span
              className={classes.swatch}
              style={{
                backgroundColor: BUCKET_COLORS[bucket],
                color: readableTextOn(BUCKET_COLORS[bucket]),
              }}
              aria-hidden="true"
            >
              {bucket === 'none' ? '–' : bucket}
            </span>
            <span>
              {bucketHeading(bucket)}:{' '}
              <span className={classes.count}>
                {formatCount(grades[bucket])}
              </span>{' '}
              ({percent(grades[bucket], total)})
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
