import type { Severity } from '@posture/backstage-plugin-security-common';

const TRIVY_SEVERITIES: ReadonlyMap<string, Severity> = new Map([
  ['CRITICAL', 'critical'],
  ['HIGH', 'high'],
  ['MEDIUM', 'medium'],
  ['LOW', 'low'],
  ['UNKNOWN', 'unknown'],
]);

/**
 * Trivy writes upper-case names; anything unexpected becomes `unknown` rather than an error,
 * because one odd finding should not make a whole report unreadable.
 * @internal
 */
export function trivySeverity(value: string | null | undefined): Severity {
  if (!value) {
    return 'unknown';
  }
  return TRIVY_SEVERITIES.get(value.toUpperCase()) ?? 'unknown';
}
