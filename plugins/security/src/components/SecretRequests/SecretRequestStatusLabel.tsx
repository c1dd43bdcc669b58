import { makeStyles, useTheme, type Theme } from '@material-ui/core/styles';
import BlockIcon from '@material-ui/icons/Block';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import ScheduleIcon from '@material-ui/icons/Schedule';
import SyncIcon from '@material-ui/icons/Sync';
import type { SecretRequestStatus } from '@posture/backstage-plugin-security-common';
import type { ComponentType } from 'react';
import { STATUS_LABELS } from './secretRequestLabels';

const useStyles = makeStyles(theme => ({
  label: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    ...theme.typography.body2,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  icon: { fontSize: '1.125rem' },
}));

const ICONS: Record<
  SecretRequestStatus,
  [
    ComponentType<{
      className?: string;
      style?: object;
      'aria-hidden'?: 'true';
    }>,
    (t: Theme) => string,
  ]
> = {
  pending: [ScheduleIcon, t => t.palette.warning.main],
  approved: [SyncIcon, t => t.palette.info.main],
  provisioned: [CheckCircleIcon, t => t.palette.success.main],
  failed: [ErrorIcon, t => t.palette.error.main],
  rejected: [ErrorIcon, t => t.palette.error.main],
  expired: [BlockIcon, t => t.palette.text.secondary],
};

/**
 * A request's status in words with an icon, so it never rests on colour. Not core-components'
 * Status*: those hide their text from screen readers (aria-hidden on the whole label).
 */
export function SecretRequestStatusLabel(props: {
  status: SecretRequestStatus;
}) {
  const classes = useStyles();
  const theme = useTheme();
  const [Icon, color] = ICONS[props.status] ?? ICONS.pending;
  return (
    <span className={classes.label} data-testid="secret-request-status">
      <Icon
        className={classes.icon}
        aria-hidden="true"
        style={{ color: color(theme) }}
      />
      {STATUS_LABELS[props.status] ?? props.status}
    </span>
  );
}
