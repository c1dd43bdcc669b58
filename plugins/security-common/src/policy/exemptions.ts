import type { PolicyCheckId } from '../types';
import type { ActiveExemption } from './types';

/**
 * The checks that count single findings, so an exemption may name one (`findingId`, a
 * vulnerability id); the others are exempted whole.
 * @public
 */
export const FINDING_EXEMPTION_CHECKS: readonly PolicyCheckId[] = [
  'known-exploited',
  'exploit-likelihood',
  'fixable-vulnerabilities',
];

/** Approved exemptions count until they expire; one expiring exactly at `now` no longer does. */
export function unexpired(
  exemptions: readonly ActiveExemption[],
  now: Date,
): ActiveExemption[] {
  return exemptions.filter(e => Date.parse(e.expiresAt) > now.getTime());
}

/** Exemptions of a whole check (no finding named). */
export function checkExemptionFor(
  exemptions: readonly ActiveExemption[],
  check: PolicyCheckId,
): ActiveExemption | undefined {
  // With several, the check stays covered until the last one expires.
  return exemptions
    .filter(e => e.check === check && !e.findingId)
    .reduce<ActiveExemption | undefined>(
      (latest, e) =>
        !latest || Date.parse(e.expiresAt) > Date.parse(latest.expiresAt)
          ? e
          : latest,
      undefined,
    );
}

/** Exemptions of single findings under a check. */
export function findingExemptionsFor(
  exemptions: readonly ActiveExemption[],
  check: PolicyCheckId,
): ActiveExemption[] {
  return exemptions.filter(e => e.check === check && Boolean(e.findingId));
}

/** "2027-01-31": when an exemption ends, as a date people can read. */
export function expiryDate(exemption: ActiveExemption): string {
  return new Date(Date.parse(exemption.expiresAt)).toISOString().slice(0, 10);
}
