import {
  checkLabel,
  type PolicyCheckId,
} from '@posture/backstage-plugin-security-common';

// The policy checks as people say them; security-common's labels are the grader's older
// reason ids and would read "Sbom".
const LABELS: Record<PolicyCheckId, string> = {
  'fixable-vulnerabilities': 'Fixable vulnerabilities',
  'scan-age': 'Recent scan',
  sbom: 'SBOM',
  signature: 'Signed image',
  'secret-age': 'Secret age',
};

export function policyCheckLabel(check: string): string {
  return LABELS[check as PolicyCheckId] ?? checkLabel(check);
}
