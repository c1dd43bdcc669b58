import type { FactSchema } from '@backstage-community/plugin-tech-insights-common';
import type { TechInsightFact } from '@backstage-community/plugin-tech-insights-node';
import {
  POLICY_CHECKS,
  type CheckStatus,
  type PolicyCheckId,
} from '@posture/backstage-plugin-security-common';
import type { PostureFactsSource } from './postureResponse';

/** The fact retriever's id: Tech Insights checks name it in `factIds`. @public */
export const POSTURE_FACT_RETRIEVER_ID = 'posture-security-facts';

/** The fact holding a policy check's verdict, e.g. `check_scan_age`. @public */
export function checkFactName(check: PolicyCheckId): string {
  return `check_${check.replace(/-/g, '_')}`;
}

const CHECK_DESCRIPTIONS: Record<PolicyCheckId, string> = {
  'known-exploited':
    'No open finding in CISA’s Known Exploited Vulnerabilities catalog (with a fix, unless the policy counts every one), or an approved exemption covers them',
  'exploit-likelihood':
    'No open finding has an EPSS score at or above the policy’s minEpss (or an approved exemption covers them)',
  'fixable-vulnerabilities':
    'No open finding of the policy’s severities has a fixed version (or an approved exemption covers them)',
  'scan-age':
    'The newest vulnerability scan is younger than the policy’s maxAgeDays',
  sbom: 'An SBOM has been uploaded',
  signature: 'The current image’s signature is verified',
  'secret-age': 'No secret is past its maximum age',
};

/**
 * What each fact means. A fact is absent for an entity when Posture does not know it: no
 * grade yet, no scan, or a check the entity's policy does not have or that does not apply.
 * @public
 */
export const POSTURE_FACT_SCHEMA: FactSchema = {
  grade: {
    type: 'string',
    description: 'Posture grade, A (best) to F',
  },
  score: {
    type: 'integer',
    description:
      'Posture score, 0 to 100: the weighted share of policy checks passed',
  },
  policy: {
    type: 'string',
    description:
      'The grading policy the entity was graded with (annotation posture.dev/policy)',
  },
  ...Object.fromEntries(
    POLICY_CHECKS.map(check => [
      checkFactName(check),
      {
        type: 'boolean',
        description: `${CHECK_DESCRIPTIONS[check]}. True when passed or exempt, false when failed or unknown`,
      },
    ]),
  ),
  critical: {
    type: 'integer',
    description: 'Open critical vulnerabilities in the newest scan',
  },
  high: {
    type: 'integer',
    description: 'Open high vulnerabilities in the newest scan',
  },
  fixable_critical: {
    type: 'integer',
    description: 'Open critical vulnerabilities that have a fixed version',
  },
  fixable_high: {
    type: 'integer',
    description: 'Open high vulnerabilities that have a fixed version',
  },
};

/** Passed or exempt counts as met; failed and missing (data unknown) do not. */
function checkMet(status: CheckStatus): boolean {
  return status === 'pass' || status === 'exempt';
}

/**
 * Turns one entity's posture into its facts. Unknown values are left out rather than
 * written as null, so a Tech Insights check on them is skipped instead of passing or failing
 * on a placeholder.
 * @public
 */
export function postureToFacts(
  posture: PostureFactsSource,
): TechInsightFact['facts'] {
  const facts: TechInsightFact['facts'] = {};
  if (posture.grade !== null) facts.grade = posture.grade;
  if (posture.score !== null) facts.score = Math.round(posture.score);
  if (posture.policy) facts.policy = posture.policy;
  for (const result of posture.checks) {
    // A check id a newer backend adds is not in this schema; it waits for a schema update.
    if ((POLICY_CHECKS as readonly string[]).includes(result.check)) {
      facts[checkFactName(result.check as PolicyCheckId)] = checkMet(
        result.status,
      );
    }
  }
  const vulnerabilities = posture.vulnerabilities;
  if (vulnerabilities) {
    facts.critical = vulnerabilities.critical;
    facts.high = vulnerabilities.high;
    facts.fixable_critical = vulnerabilities.fixable.critical;
    facts.fixable_high = vulnerabilities.fixable.high;
  }
  return facts;
}
