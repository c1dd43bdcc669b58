import Tooltip from '@material-ui/core/Tooltip';
import { DateTime } from 'luxon';

/**
 * "3 days ago", with the exact time in a tooltip: age is what a reader acts on, the exact
 * time is what they quote in a ticket.
 */
export function RelativeTime(props: { value: string }) {
  const time = DateTime.fromISO(props.value);
  if (!time.isValid) {
    return <span>{props.value}</span>;
  }
  return (
    <Tooltip title={time.toLocaleString(DateTime.DATETIME_FULL)}>
      <time dateTime={props.value}>{time.toRelative()}</time>
    </Tooltip>
  );
}
