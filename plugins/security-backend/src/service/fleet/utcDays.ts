import { DateTime } from 'luxon';

/** The UTC calendar day of `date`, YYYY-MM-DD: history has one snapshot per entity per such day. */
export function utcDay(date: Date): string {
  return DateTime.fromJSDate(date, { zone: 'utc' }).toISODate()!;
}

/** `day` (YYYY-MM-DD) moved by `days` (negative: earlier). */
export function addDays(day: string, days: number): string {
  return DateTime.fromISO(day, { zone: 'utc' }).plus({ days }).toISODate()!;
}
