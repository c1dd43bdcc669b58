import { DEFAULT_HIGH_EPSS } from './checks/exploitLikelihood';
import type { PolicySet } from './types';

/**
 * The policies used when `security.policy` names none: `standard` for every entity, and the
 * stricter `internet-facing`, where every check gates CI and medium fixable findings count.
 * Known-exploited findings with a fix weigh as much as a missing signature and gate CI under
 * both; a high EPSS score gates only `internet-facing`.
 * @public
 */
export const DEFAULT_POLICY_SET: PolicySet = {
  defaultPolicy: 'standard',
  maxExemptionDays: 90,
  historyRetentionDays: 400,
  highEpss: DEFAULT_HIGH_EPSS,
  policies: {
    standard: {
      name: 'standard',
      title: 'Standard',
      checks: {
        'known-exploited': { weight: 20, fixableOnly: true, gate: true },
        'exploit-likelihood': {
          weight: 10,
          minEpss: DEFAULT_HIGH_EPSS,
          gate: false,
        },
        'fixable-vulnerabilities': {
          weight: 40,
          severities: ['critical', 'high'],
          gate: true,
        },
        'scan-age': { weight: 20, maxAgeDays: 30, gate: true },
        sbom: { weight: 10, gate: false },
        signature: { weight: 20, gate: false },
        'secret-age': { weight: 10, gate: false },
      },
    },
    'internet-facing': {
      name: 'internet-facing',
      title: 'Internet-facing',
      checks: {
        'known-exploited': { weight: 20, fixableOnly: true, gate: true },
        'exploit-likelihood': {
          weight: 10,
          minEpss: DEFAULT_HIGH_EPSS,
          gate: true,
        },
        'fixable-vulnerabilities': {
          weight: 40,
          severities: ['critical', 'high', 'medium'],
          gate: true,
        },
        'scan-age': { weight: 20, maxAgeDays: 7, gate: true },
        sbom: { weight: 10, gate: true },
        signature: { weight: 20, gate: true },
        'secret-age': { weight: 10, gate: true },
      },
    },
  },
};
