import Chip from '@material-ui/core/Chip';
import type { Severity } from '@posture/backstage-plugin-security-common';
import { SEVERITY_LABELS } from './severityColor';
import { useSeverityChipStyles } from './severityChipStyles';

/**
 * A severity, or a count for one ("2 Critical"). Zero counts stay uncoloured so the real
 * ones stand out.
 */
export function SeverityChip(props: { severity: Severity; count?: number }) {
  const classes = useSeverityChipStyles();
  const name = SEVERITY_LABELS[props.severity];
  if (props.count === undefined) {
    return (
      <Chip size="small" className={classes[props.severity]} label={name} />
    );
  }
  const label = `${props.count} ${name}`;
  if (props.count === 0) {
    return <Chip size="small" variant="outlined" label={label} />;
  }
  return (
    <Chip size="small" className={classes[props.severity]} label={label} />
  );
}
