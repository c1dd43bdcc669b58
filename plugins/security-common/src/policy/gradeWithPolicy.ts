import { gradeForScore } from '../grading';
import {
  POLICY_CHECKS,
  type CheckResult,
  type PolicyCheckId,
  type PostureReason,
} from '../types';
import {
  checkExemptionFor,
  expiryDate,
  findingExemptionsFor,
  unexpired,
} from './exemptions';
import { exploitLikelihood } from './checks/exploitLikelihood';
import { fixableVulnerabilities } from './checks/fixableVulnerabilities';
import { knownExploited } from './checks/knownExploited';
import {
  CHECK_SOURCE,
  type CheckEvaluator,
  type CheckOutcome,
} from './checks/outcome';
import { scanAge } from './checks/scanAge';
import { sbom } from './checks/sbom';
import { secretAge } from './checks/secretAge';
import { signature } from './checks/signature';
import type { PolicyGrade, PolicyGradingInput } from './types';

const EVALUATORS: Record<PolicyCheckId, CheckEvaluator> = {
  'known-exploited': knownExploited,
  'exploit-likelihood': exploitLikelihood,
  'fixable-vulnerabilities': fixableVulnerabilities,
  'scan-age': scanAge,
  sbom,
  signature,
  'secret-age': secretAge,
};

/** Said first when the entity names a policy that does not exist. @public */
export function policyUnknownReason(
  unknownName: string,
  usedPolicy: string,
): PostureReason {
  return {
    check: 'policy-unknown',
    message: `The posture.dev/policy annotation names "${unknownName}", which security.policy does not define; graded with the default policy "${usedPolicy}"`,
    fix: 'Set posture.dev/policy to a policy under security.policy.policies, or remove it to use the default.',
  };
}

function toResult(
  check: PolicyCheckId,
  outcome: CheckOutcome,
  weight: number,
  gate: boolean,
): CheckResult {
  return {
    check,
    status: outcome.status,
    weight,
    gate,
    message: outcome.message,
    fix: outcome.fix,
    ...(outcome.target ? { target: outcome.target } : {}),
    ...(outcome.filter ? { filter: outcome.filter } : {}),
    exemption: outcome.exemption ?? null,
  };
}

const toReason = (result: CheckResult): PostureReason => ({
  check: result.check,
  message: result.message,
  fix: result.fix ?? '',
  ...(result.target ? { target: result.target } : {}),
  ...(result.filter ? { filter: result.filter } : {}),
});

/**
 * Grades an entity under a policy; pure, so the backend, the gate and the docs agree. Each
 * check of the policy that applies is `pass`, `fail`, `missing` (its data is unknown: no
 * credit) or `exempt` (it fails, but an unexpired exemption covers it: credited). The score
 * is the share of the applicable weight that passes or is exempt; the grade its band. With
 * nothing known at all there is no grade or score, but the checks still say what is missing.
 * @public
 */
export function gradeWithPolicy(input: PolicyGradingInput): PolicyGrade {
  const { policy, sections, now } = input;
  const applicable = new Set(input.applicable);
  const exemptions = unexpired(input.exemptions, now);
  const reasons: PostureReason[] = input.unknownName
    ? [policyUnknownReason(input.unknownName, policy.name)]
    : [];
  const checks: CheckResult[] = [];
  for (const check of POLICY_CHECKS) {
    const settings = policy.checks[check];
    const source = CHECK_SOURCE[check];
    if (!settings || (source && !applicable.has(source))) continue;
    let outcome = EVALUATORS[check]({
      settings,
      sections,
      fixableFindings: input.fixableFindings,
      exploitSignals: input.exploitSignals ?? [],
      findingExemptions: findingExemptionsFor(exemptions, check),
      now,
    });
    const cover =
      outcome.status === 'fail'
        ? checkExemptionFor(exemptions, check)
        : undefined;
    if (cover) {
      outcome = {
        ...outcome,
        status: 'exempt',
        message: `${outcome.message} (exempted until ${expiryDate(cover)})`,
        exemption: { id: cover.id, expiresAt: cover.expiresAt },
      };
    }
    const result = toResult(check, outcome, settings.weight, settings.gate);
    checks.push(result);
    if (result.status === 'fail' || result.status === 'missing') {
      reasons.push(toReason(result));
    }
    reasons.push(...(outcome.notes ?? []));
  }
  const gateViolations = checks.filter(
    c => c.gate && (c.status === 'fail' || c.status === 'missing'),
  );
  const gate = {
    pass: gateViolations.length === 0,
    violations: gateViolations,
  };
  const nothingKnown =
    !sections.vulnerabilities &&
    !sections.sbom &&
    !sections.signature &&
    !sections.secrets;
  const total = checks.reduce((sum, c) => sum + c.weight, 0);
  if (nothingKnown || total <= 0) {
    return {
      grade: null,
      score: null,
      reasons,
      checks,
      policy: policy.name,
      gate,
    };
  }
  const credited = checks
    .filter(c => c.status === 'pass' || c.status === 'exempt')
    .reduce((sum, c) => sum + c.weight, 0);
  const score = Math.round((100 * credited) / total);
  return {
    grade: gradeForScore(score),
    score,
    reasons,
    checks,
    policy: policy.name,
    gate,
  };
}
