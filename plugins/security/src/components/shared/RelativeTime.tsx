import { DateTime } from 'luxon';

/**
 * "3 days ago", with the exact time on hover: age is what a reader acts on, the exact
 * time is what they quote in a ticket.
 */
export function RelativeTime(props: { value: string }) {
  const time = DateTime.fromISO(props.value);
  if (!time.isValid) {
    return <span>{props.value}</span>;
  }
  return (
    <time
      dateTime={props.value}
      title={time.toLocaleString(DateTime.DATETIME_FULL)}
    >
      {time.toRelative()}
    </time>
  );
}
