import type { SignatureStatus } from '@posture/backstage-plugin-security-common';
import { StatusLabel } from '../shared/StatusLabel';

/** Words a reader can act on, with the status colour the rest of Backstage uses. */
export function SignatureStatusLabel(props: { status: SignatureStatus }) {
  switch (props.status) {
    case 'verified':
      return <StatusLabel status="ok">Verified</StatusLabel>;
    case 'unsigned':
      return <StatusLabel status="warning">Unsigned</StatusLabel>;
    case 'invalid':
      return <StatusLabel status="error">Invalid signature</StatusLabel>;
    case 'unexpected-signer':
      return (
        <StatusLabel status="error">
          Signed by an unexpected identity
        </StatusLabel>
      );
    default:
      return <StatusLabel status="pending">Unknown</StatusLabel>;
  }
}
