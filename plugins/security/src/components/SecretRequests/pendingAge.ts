import { DateTime } from 'luxon';

const UNITS = [
  ['days', 'day'],
  ['hours', 'hour'],
  ['minutes', 'minute'],
] as const;

/**
 * How long a request has waited, in its largest whole unit ("3 days", "5 hours", "1 minute",
 * "under a minute"), for the approval queue; null for a time that cannot be read.
 */
export function pendingAge(createdAt: string, now: DateTime = DateTime.now()) {
  const created = DateTime.fromISO(createdAt);
  if (!created.isValid) {
    return null;
  }
  const waited = now.diff(created, ['days', 'hours', 'minutes']);
  for (const [unit, singular] of UNITS) {
    const amount = Math.floor(waited.get(unit));
    if (amount >= 1) {
      return `${amount} ${amount === 1 ? singular : unit}`;
    }
  }
  return 'under a minute';
}
