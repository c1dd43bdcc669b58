import Typography from '@material-ui/core/Typography';
import type { SignatureSummary } from '@posture/backstage-plugin-security-common';
import { RelativeTime } from '../shared/RelativeTime';
import { SignatureStatusLabel } from './SignatureStatusLabel';

/**
 * The status, when it was checked, and why not verified underneath. An unknown status
 * says its reason with the advice instead, as the cause of the check failing.
 */
export function SignatureHeader(props: { summary: SignatureSummary }) {
  const { status, checkedAt, reason } = props.summary;
  return (
    <>
      <Typography variant="body2" component="div">
        <SignatureStatusLabel status={status} />
      </Typography>
      {checkedAt && (
        <Typography variant="caption" color="textSecondary" component="div">
          Checked <RelativeTime value={checkedAt} />
        </Typography>
      )}
      {reason && status !== 'verified' && status !== 'unknown' && (
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="signature-reason"
        >
          {reason}
        </Typography>
      )}
    </>
  );
}
