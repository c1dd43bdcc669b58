import { checkLabel, CHECK_LABELS } from './checkLabels';
import { policyFor } from './policy';
import {
  finding,
  grade,
  secrets,
  signature,
} from './policy/__testUtils__/fixtures';
import { DEFAULT_POLICY_SET } from './policy/defaultPolicySet';
import { POLICY_CHECKS, type SignatureStatus } from './types';

describe('checkLabel', () => {
  it('labels every check and every reason the grader can give', () => {
    const checks = new Set<string>(POLICY_CHECKS);
    const statuses: SignatureStatus[] = [
      'invalid',
      'unexpected-signer',
      'unsigned',
      'unknown',
    ];
    const { policy, unknownName } = policyFor(DEFAULT_POLICY_SET, {
      'posture.dev/policy': 'nope',
    });
    for (const status of statuses) {
      grade({
        policy,
        unknownName,
        sections: {
          vulnerabilities: null,
          sbom: null,
          signature: signature(status, { stale: true }),
          secrets: secrets(1, { stale: true }),
        },
        fixableFindings: [finding('CVE-1', 'critical')],
      }).reasons.forEach(r => checks.add(r.check));
    }
    for (const check of checks) {
      expect([check, CHECK_LABELS[check]]).toEqual([check, expect.any(String)]);
    }
  });

  it.each([
    ['fixable-vulnerabilities', 'Fixable vulnerabilities'],
    ['sbom', 'SBOM'],
    ['critical-vulnerabilities', 'Critical vulnerabilities'],
    ['licence-policy', 'Licence policy'],
    ['odd__id', 'Odd id'],
    ['', ''],
  ])('%j reads %j', (check, label) => {
    expect(checkLabel(check)).toBe(label);
  });
});
