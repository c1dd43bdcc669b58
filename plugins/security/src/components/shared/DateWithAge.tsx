import { DateTime } from 'luxon';
import { FormattedDate } from './FormattedDate';
import { RelativeTime } from './RelativeTime';

/** "Nov 12, 2026 (3 days ago)": the date to quote, the age to act on. */
export function DateWithAge(props: { value: string }) {
  if (!DateTime.fromISO(props.value).isValid) {
    return <FormattedDate value={props.value} />;
  }
  return (
    <>
      <FormattedDate value={props.value} /> (
      <RelativeTime value={props.value} />)
    </>
  );
}
