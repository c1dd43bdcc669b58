import Alert from '@material-ui/lab/Alert';
import { DateTime } from 'luxon';

function lastKnown(checkedAt: string | null): string {
  const time = checkedAt ? DateTime.fromISO(checkedAt) : null;
  return time?.isValid
    ? ` from ${time.toLocaleString(DateTime.DATETIME_MED)}`
    : '';
}

/**
 * The Vault source keeps the last good data when a check fails instead of reporting the
 * secrets gone; without this banner that old data would read as current.
 */
export function StaleBanner(props: {
  /** Why the check failed, when the secrets say; see `staleReason`. */
  reason: string | null;
  checkedAt: string | null;
}) {
  const reason = props.reason ? `: ${props.reason}` : '';
  return (
    <Alert severity="warning">
      Vault could not be reached at the last check{reason}. Showing the last
      known data{lastKnown(props.checkedAt)}.
    </Alert>
  );
}
