import { DateTime } from 'luxon';

/** A calendar date, e.g. "Aug 6, 2019"; the time of day adds nothing in a table cell. */
export function FormattedDate(props: { value: string | null }) {
  if (!props.value) {
    return <>—</>;
  }
  const time = DateTime.fromISO(props.value);
  if (!time.isValid) {
    return <>{props.value}</>;
  }
  return (
    <time dateTime={props.value}>{time.toLocaleString(DateTime.DATE_MED)}</time>
  );
}
