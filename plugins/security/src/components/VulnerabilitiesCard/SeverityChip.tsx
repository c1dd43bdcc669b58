import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import type { Severity } from '@posture/backstage-plugin-security-common';
import { SEVERITY_COLORS, SEVERITY_LABELS } from './severityColor';

const useStyles = makeStyles(theme => ({
  filled: {
    backgroundColor: ({ severity }: { severity: Severity }) =>
      SEVERITY_COLORS[severity],
    color: ({ severity }: { severity: Severity }) =>
      theme.palette.getContrastText(SEVERITY_COLORS[severity]),
  },
}));

/** A count for one severity; zero counts stay uncoloured so the real ones stand out. */
export function SeverityChip(props: { severity: Severity; count: number }) {
  const classes = useStyles(props);
  const label = `${props.count} ${SEVERITY_LABELS[props.severity]}`;
  if (props.count === 0) {
    return <Chip size="small" variant="outlined" label={label} />;
  }
  return <Chip size="small" className={classes.filled} label={label} />;
}
