import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import type {
  CheckStatus,
  ExemptionStatus,
} from '@posture/backstage-plugin-security-common';

/**
 * A check's status in words with Backstage's status icon (a tick, a cross, a clock, a
 * triangle), so it never rests on colour alone.
 */
export function CheckStatusLabel(props: { status: CheckStatus }) {
  switch (props.status) {
    case 'pass':
      return <StatusOK>Passes</StatusOK>;
    case 'fail':
      return <StatusError>Fails</StatusError>;
    case 'exempt':
      return <StatusWarning>Exempt</StatusWarning>;
    default:
      return <StatusPending>Not known yet</StatusPending>;
  }
}

/** An exemption's status in words with a status icon. */
export function ExemptionStatusLabel(props: { status: ExemptionStatus }) {
  switch (props.status) {
    case 'approved':
      return <StatusOK>Approved</StatusOK>;
    case 'rejected':
      return <StatusError>Rejected</StatusError>;
    case 'expired':
      return <StatusAborted>Expired</StatusAborted>;
    default:
      return <StatusPending>Waiting for approval</StatusPending>;
  }
}
