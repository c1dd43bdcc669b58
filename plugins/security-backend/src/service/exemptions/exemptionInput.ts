import {
  parseEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  FINDING_EXEMPTION_CHECKS,
  POLICY_CHECKS,
  type PolicyCheckId,
} from '@posture/backstage-plugin-security-common';
import { DateTime } from 'luxon';

/*
 * The checks on what people send, pure, each naming the field it refuses: the OpenAPI
 * validator only knows types and lengths before trimming.
 */

export const JUSTIFICATION_MIN = 10;
export const JUSTIFICATION_MAX = 2000;
export const COMMENT_MAX = 2000;
const FINDING_ID_MAX = 255;
const DAY_MS = 24 * 60 * 60 * 1000;
/** A date and a time with its offset: without one, "17:00" means a different instant per server. */
const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

function refuseNul(field: string, value: string): void {
  if (value.includes('\u0000')) {
    throw new InputError(`${field} must not contain NUL characters`);
  }
}

export function parseEntityRefField(value: unknown): CompoundEntityRef {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(
      'entityRef must be an entity ref such as component:default/payments',
    );
  }
  refuseNul('entityRef', value);
  try {
    return parseEntityRef(value.trim());
  } catch {
    throw new InputError(
      `entityRef "${value.slice(
        0,
        300,
      )}" is not an entity ref such as component:default/payments`,
    );
  }
}

export function parseCheck(value: unknown): PolicyCheckId {
  const check = POLICY_CHECKS.find(id => id === value);
  if (!check) {
    throw new InputError(`check must be one of ${POLICY_CHECKS.join(', ')}`);
  }
  return check;
}

export function parseJustification(value: unknown): string {
  if (typeof value !== 'string') {
    throw new InputError('justification is required');
  }
  refuseNul('justification', value);
  const text = value.trim();
  if (text.length < JUSTIFICATION_MIN || text.length > JUSTIFICATION_MAX) {
    throw new InputError(
      `justification must be ${JUSTIFICATION_MIN} to ${JUSTIFICATION_MAX} characters (not counting surrounding spaces); it has ${text.length}`,
    );
  }
  return text;
}

/** Null when no single finding is named; only the checks that count findings take one. */
export function parseFindingId(
  value: unknown,
  check: PolicyCheckId,
): string | null {
  if (value === undefined || value === null) {
    return null;
  }
  if (typeof value !== 'string') {
    throw new InputError('findingId must be a vulnerability id or null');
  }
  refuseNul('findingId', value);
  const id = value.trim();
  if (id === '') {
    return null;
  }
  if (!FINDING_EXEMPTION_CHECKS.includes(check)) {
    throw new InputError(
      `findingId applies only to the checks ${FINDING_EXEMPTION_CHECKS.join(
        ', ',
      )}, not ${check}`,
    );
  }
  if (id.length > FINDING_ID_MAX) {
    throw new InputError(
      `findingId must be at most ${FINDING_ID_MAX} characters`,
    );
  }
  return id;
}

/** The expiry: an ISO 8601 date-time with an offset, after `now`, within `maxDays`. */
export function parseExpiresAt(
  value: unknown,
  now: Date,
  maxDays: number,
): Date {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value.trim())) {
    throw new InputError(
      'expiresAt must be an ISO 8601 date-time with a time zone, e.g. 2027-01-31T17:00:00Z',
    );
  }
  const parsed = DateTime.fromISO(value.trim(), { setZone: true });
  if (!parsed.isValid) {
    throw new InputError(`expiresAt "${value}" is not a valid date-time`);
  }
  const at = parsed.toJSDate();
  if (at.getTime() <= now.getTime()) {
    throw new InputError(`expiresAt ${at.toISOString()} is not in the future`);
  }
  const latest = new Date(now.getTime() + maxDays * DAY_MS);
  if (at.getTime() > latest.getTime()) {
    throw new InputError(
      `expiresAt ${at.toISOString()} is more than ${maxDays} days ahead (security.policy.maxExemptionDays); the latest allowed now is ${latest.toISOString()}`,
    );
  }
  return at;
}

/** An approver's optional note; blank is none. */
export function parseComment(value: unknown): string | null {
  if (value === undefined || value === null) {
    return null;
  }
  if (typeof value !== 'string') {
    throw new InputError('comment must be text');
  }
  refuseNul('comment', value);
  const text = value.trim();
  if (text.length > COMMENT_MAX) {
    throw new InputError(`comment must be at most ${COMMENT_MAX} characters`);
  }
  return text === '' ? null : text;
}
