import type {
  CheckStatus,
  ExemptionStatus,
} from '@posture/backstage-plugin-security-common';
import { StatusLabel } from '../shared/StatusLabel';

/**
 * A check's status in words with Backstage's status icon (a tick, a cross, a clock, a
 * triangle), so it never rests on colour alone.
 */
export function CheckStatusLabel(props: { status: CheckStatus }) {
  switch (props.status) {
    case 'pass':
      return <StatusLabel status="ok">Passes</StatusLabel>;
    case 'fail':
      return <StatusLabel status="error">Fails</StatusLabel>;
    case 'exempt':
      return <StatusLabel status="warning">Exempt</StatusLabel>;
    default:
      return <StatusLabel status="pending">Not known yet</StatusLabel>;
  }
}

/** An exemption's status in words with a status icon. */
export function ExemptionStatusLabel(props: { status: ExemptionStatus }) {
  switch (props.status) {
    case 'approved':
      return <StatusLabel status="ok">Approved</StatusLabel>;
    case 'rejected':
      return <StatusLabel status="error">Rejected</StatusLabel>;
    case 'expired':
      return <StatusLabel status="aborted">Expired</StatusLabel>;
    default:
      return <StatusLabel status="pending">Waiting for approval</StatusLabel>;
  }
}
