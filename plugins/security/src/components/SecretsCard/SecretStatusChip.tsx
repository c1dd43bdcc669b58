import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import type { SecretItem } from '@posture/backstage-plugin-security-common';
import { SECRET_STATUS_LABELS } from './secretStatusColors';
import { statusClasses, useSecretStatusStyles } from './secretStatusStyles';

/**
 * The rotation status. "unknown" alone says nothing about what to fix, so it carries the
 * error that made the status unknown as a tooltip.
 */
export function SecretStatusChip(props: {
  status: SecretItem['status'];
  error: string | null;
}) {
  const classes = useSecretStatusStyles();
  const chip = (
    <Chip
      size="small"
      className={statusClasses(classes, props.status).chip}
      label={SECRET_STATUS_LABELS[props.status]}
    />
  );
  if (props.status === 'unknown' && props.error) {
    return <Tooltip title={props.error}>{chip}</Tooltip>;
  }
  return chip;
}
