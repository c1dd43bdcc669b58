import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import type { SecretRequestStatus } from '@posture/backstage-plugin-security-common';
import { STATUS_LABELS } from './secretRequestLabels';

/** A request's status in words with Backstage's status icon, so it never rests on colour. */
export function SecretRequestStatusLabel(props: {
  status: SecretRequestStatus;
}) {
  const text = STATUS_LABELS[props.status] ?? props.status;
  switch (props.status) {
    case 'provisioned':
      return <StatusOK>{text}</StatusOK>;
    case 'failed':
    case 'rejected':
      return <StatusError>{text}</StatusError>;
    case 'expired':
      return <StatusAborted>{text}</StatusAborted>;
    case 'approved':
      return <StatusRunning>{text}</StatusRunning>;
    default:
      return <StatusPending>{text}</StatusPending>;
  }
}
