import { createHash } from 'crypto';
import type { PolicySet } from '@posture/backstage-plugin-security-common';

/** JSON with object keys sorted, so the same policy always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter(key => (value as Record<string, unknown>)[key] !== undefined)
      .map(
        key =>
          `${JSON.stringify(key)}:${canonicalJson(
            (value as Record<string, unknown>)[key],
          )}`,
      )
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A fingerprint of the policy set: the regrade remembers it to notice a changed policy. */
export function policyHash(policies: PolicySet): string {
  return createHash('sha256').update(canonicalJson(policies)).digest('hex');
}
