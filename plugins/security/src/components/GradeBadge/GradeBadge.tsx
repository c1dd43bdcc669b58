import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { Grade } from '@posture/backstage-plugin-security-common';
import { readableTextOn } from '../shared/readableTextColor';
import { GRADE_COLORS } from './gradeColor';

const useStyles = makeStyles(theme => ({
  badge: {
    width: theme.spacing(10),
    height: theme.spacing(10),
    borderRadius: theme.shape.borderRadius * 2,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    fontSize: theme.spacing(6),
    fontWeight: theme.typography.fontWeightBold as number,
    backgroundColor: ({ grade }: { grade: Grade }) => GRADE_COLORS[grade],
    color: ({ grade }: { grade: Grade }) => readableTextOn(GRADE_COLORS[grade]),
  },
}));

function LetterGrade(props: { grade: Grade }) {
  const classes = useStyles(props);
  return (
    <div
      className={classes.badge}
      role="img"
      aria-label={`Grade ${props.grade}`}
    >
      {props.grade}
    </div>
  );
}

/** The entity's letter grade, or "Not graded" when nothing has been graded yet. */
export function GradeBadge(props: { grade: Grade | null }) {
  if (props.grade === null) {
    return (
      <Typography variant="h6" color="textSecondary">
        Not graded
      </Typography>
    );
  }
  return <LetterGrade grade={props.grade} />;
}
