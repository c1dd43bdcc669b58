import { makeStyles } from '@material-ui/core/styles';
import type { Grade } from '@posture/backstage-plugin-security-common';
import { readableTextOn } from '../shared/readableTextColor';
import { BUCKET_COLORS, type GradeBucket } from '../TrendChart';

const useStyles = makeStyles(theme => ({
  chip: {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    minWidth: theme.spacing(3.5),
    height: theme.spacing(3),
    padding: theme.spacing(0, 0.75),
    borderRadius: theme.shape.borderRadius,
    fontWeight: theme.typography.fontWeightBold as number,
    whiteSpace: 'nowrap',
    backgroundColor: ({ bucket }: { bucket: GradeBucket }) =>
      BUCKET_COLORS[bucket],
    color: ({ bucket }: { bucket: GradeBucket }) =>
      readableTextOn(BUCKET_COLORS[bucket]),
  },
}));

/** A grade as its letter on the grade's colour; "Not graded" in words. */
export function GradeChip(props: { grade: Grade | null }) {
  const bucket: GradeBucket = props.grade ?? 'none';
  const classes = useStyles({ bucket });
  return <span className={classes.chip}>{props.grade ?? 'Not graded'}</span>;
}
