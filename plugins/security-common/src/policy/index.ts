export * from './types';
export { DEFAULT_POLICY_SET } from './defaultPolicySet';
export { policyFor } from './policyFor';
export {
  parsePolicySet,
  PolicyConfigError,
  type PolicyConfigIssue,
} from './parsePolicySet';
export { gradeWithPolicy, policyUnknownReason } from './gradeWithPolicy';
export { DEFAULT_FIXABLE_SEVERITIES } from './checks/fixableVulnerabilities';
export { DEFAULT_MAX_SCAN_AGE_DAYS } from './checks/scanAge';
export {
  DEFAULT_HIGH_EPSS,
  formatProbability,
} from './checks/exploitLikelihood';
export { compareRisk, type RiskFacts } from './riskOrder';
export { FINDING_EXEMPTION_CHECKS } from './exemptions';
