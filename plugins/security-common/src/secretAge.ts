import type { SecretState, SecretStatus } from './types';

/**
 * A secret is due soon when its value will be overdue within this many days, or within a
 * fifth of its maximum age when that is shorter: a role rotated daily is not "due soon" all
 * day long.
 * @public
 */
export const SECRET_DUE_SOON_DAYS = 14;

const DAY_MS = 86_400_000;

/** Whole days since `createdTime`, or null when unknown. @public */
export function secretAgeDays(
  createdTime: string | null,
  now: Date,
): number | null {
  if (!createdTime) return null;
  const created = Date.parse(createdTime);
  if (Number.isNaN(created)) return null;
  return Math.max(0, Math.floor((now.getTime() - created) / DAY_MS));
}

/**
 * The rotation status of a secret at `now`: `deleted` for a deleted or destroyed current
 * version, `unknown` when it could not be read or its age or maximum age is unknown,
 * `overdue` past the maximum age, `due-soon` close to it (see {@link SECRET_DUE_SOON_DAYS}).
 * @public
 */
export function secretStatus(
  secret: {
    state: SecretState;
    createdTime: string | null;
    maxAgeDays: number | null;
  },
  now: Date,
  dueSoonDays: number = SECRET_DUE_SOON_DAYS,
): SecretStatus {
  if (secret.state === 'deleted' || secret.state === 'destroyed')
    return 'deleted';
  if (secret.state === 'error') return 'unknown';
  const age = secretAgeDays(secret.createdTime, now);
  if (age === null || secret.maxAgeDays === null) return 'unknown';
  if (age > secret.maxAgeDays) return 'overdue';
  const window = Math.min(dueSoonDays, secret.maxAgeDays / 5);
  if (age >= secret.maxAgeDays - window) return 'due-soon';
  return 'ok';
}

/**
 * Reads Vault-style durations used in `custom_metadata` (`90d`, `12h`, `2160h`, `1w`, plain
 * seconds) as days; null when unreadable.
 * @public
 */
export function parseDurationDays(
  value: string | number | undefined | null,
): number | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number') return value > 0 ? value / 86_400 : null;
  const match = String(value)
    .trim()
    .match(/^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)?$/i);
  if (!match) return null;
  const amount = Number(match[1]);
  const unit = (match[2] ?? 's').toLowerCase();
  const seconds = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }[
    unit as 's' | 'm' | 'h' | 'd' | 'w'
  ];
  const days = (amount * seconds) / 86_400;
  return days > 0 ? days : null;
}
