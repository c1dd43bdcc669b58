import { DateTime } from 'luxon';

/**
 * The longest exemption the backend allows by default (`security.policy.maxExemptionDays`,
 * which is not exposed to the browser); a stricter backend answers 400 with its limit, and
 * the dialog shows that message.
 */
export const DEFAULT_MAX_EXEMPTION_DAYS = 90;

/**
 * The days an expiry may be picked from: today to the last day whose end is still within
 * `maxDays` from now. An exemption runs to the end of its chosen day (local time), so the
 * last day is `maxDays - 1` days ahead; a day later would end past the limit.
 */
export function expiryRange(
  maxDays: number,
  now: DateTime = DateTime.local(),
): { min: string; max: string } {
  const today = now.startOf('day');
  return {
    min: today.toISODate()!,
    max: today.plus({ days: Math.max(0, maxDays - 1) }).toISODate()!,
  };
}

/** The end of a picked day (`YYYY-MM-DD`, local time) as the ISO instant sent as `expiresAt`. */
export function endOfDay(date: string): string | null {
  const day = DateTime.fromISO(date);
  return day.isValid ? day.endOf('day').toUTC().toISO() : null;
}
