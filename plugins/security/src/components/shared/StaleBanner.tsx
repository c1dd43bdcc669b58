import Alert from '@material-ui/lab/Alert';
import { DateTime } from 'luxon';

function lastKnown(checkedAt: string | null): string {
  const time = checkedAt ? DateTime.fromISO(checkedAt) : null;
  return time?.isValid
    ? ` from ${time.toLocaleString(DateTime.DATETIME_MED)}`
    : '';
}

/**
 * Pull sources keep the last good data when a check fails instead of reporting it gone;
 * without this banner that old data would read as current.
 */
export function StaleBanner(props: {
  /** What could not be reached, as the start of a sentence, e.g. "Vault". */
  source: string;
  /** Why the check failed, when the data says; see `staleReason`. */
  reason: string | null;
  checkedAt: string | null;
  /** What is shown instead, e.g. "verdict"; "data" by default. */
  subject?: string;
}) {
  const reason = props.reason ? `: ${props.reason}` : '';
  return (
    <Alert severity="warning">
      {props.source} could not be reached at the last check{reason}. Showing the
      last known {props.subject ?? 'data'}
      {lastKnown(props.checkedAt)}.
    </Alert>
  );
}
