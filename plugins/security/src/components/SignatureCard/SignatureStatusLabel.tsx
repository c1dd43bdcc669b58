import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import type { SignatureStatus } from '@posture/backstage-plugin-security-common';

/** Words a reader can act on, with the status colour the rest of Backstage uses. */
export function SignatureStatusLabel(props: { status: SignatureStatus }) {
  switch (props.status) {
    case 'verified':
      return <StatusOK>Verified</StatusOK>;
    case 'unsigned':
      return <StatusWarning>Unsigned</StatusWarning>;
    case 'invalid':
      return <StatusError>Invalid signature</StatusError>;
    case 'unexpected-signer':
      return <StatusError>Signed by an unexpected identity</StatusError>;
    default:
      return <StatusPending>Unknown</StatusPending>;
  }
}
