import { DateTime } from 'luxon';

// Days are UTC calendar dates on the wire ('2026-12-01'); read in UTC so no time zone shifts
// them to the day before, and in English like the rest of the UI.
function day(date: string): DateTime {
  return DateTime.fromISO(date, { zone: 'utc' }).setLocale('en-US');
}

/** `2026-12-01` → "Dec 1", for axis ticks. */
export function formatShortDay(date: string): string {
  const value = day(date);
  return value.isValid ? value.toFormat('LLL d') : date;
}

/** `2026-12-01` → "Dec 1, 2026", for tooltips, tables and summaries. */
export function formatDay(date: string): string {
  const value = day(date);
  return value.isValid ? value.toFormat('LLL d, yyyy') : date;
}
