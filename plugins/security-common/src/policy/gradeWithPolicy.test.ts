import type { PolicyCheckId } from '../types';
import {
  allKnown,
  finding,
  grade,
  internetFacing,
  now,
  sbomSummary,
  secrets,
  signal,
  signature,
  standard,
  vulns,
} from './__testUtils__/fixtures';
import { DEFAULT_POLICY_SET } from './defaultPolicySet';
import { policyFor } from './policyFor';
import type { PolicyGrade, Policy } from './types';

const checkOf = (result: PolicyGrade, check: PolicyCheckId) =>
  result.checks.find(c => c.check === check);
const statusOf = (result: PolicyGrade, check: PolicyCheckId) =>
  checkOf(result, check)?.status;
const daysBefore = (days: number) =>
  new Date(now.getTime() - days * 86_400_000).toISOString();
const inDays = (days: number) =>
  new Date(now.getTime() + days * 86_400_000).toISOString();

describe('gradeWithPolicy', () => {
  it('passes every check of an entity that meets the policy: A, 100, no reasons', () => {
    const result = grade();
    expect(result).toMatchObject({
      grade: 'A',
      score: 100,
      reasons: [],
      policy: 'standard',
      gate: { pass: true, violations: [] },
    });
    expect(
      result.checks.map(c => [c.check, c.status, c.weight, c.gate]),
    ).toEqual([
      ['known-exploited', 'pass', 20, true],
      ['exploit-likelihood', 'pass', 10, false],
      ['fixable-vulnerabilities', 'pass', 40, true],
      ['scan-age', 'pass', 20, true],
      ['sbom', 'pass', 10, false],
      ['signature', 'pass', 20, false],
      ['secret-age', 'pass', 10, false],
    ]);
    expect(
      result.checks.every(c => c.fix === null && c.exemption === null),
    ).toBe(true);
  });

  describe('fixable-vulnerabilities', () => {
    it.each([
      ['critical', standard, 'fail'],
      ['high', standard, 'fail'],
      ['medium', standard, 'pass'],
      ['low', standard, 'pass'],
      ['unknown', standard, 'pass'],
      ['medium', internetFacing, 'fail'],
      ['low', internetFacing, 'pass'],
    ] as const)(
      'a fixable %s finding under %o is %s',
      (severity, policy: Policy, status) => {
        const result = grade({
          policy,
          fixableFindings: [finding('CVE-2024-1', severity)],
        });
        expect(statusOf(result, 'fixable-vulnerabilities')).toBe(status);
        // 90 of 130 points.
        expect(result.score).toBe(status === 'fail' ? 69 : 100);
      },
    );

    it('does not count findings without a fixed version: only fixable findings fail it', () => {
      const result = grade({
        sections: {
          vulnerabilities: vulns({ critical: 4, high: 9 }),
        },
        fixableFindings: [],
      });
      expect(checkOf(result, 'fixable-vulnerabilities')).toMatchObject({
        status: 'pass',
        message: 'No critical or high vulnerability has a fixed version',
      });
      expect(result.score).toBe(100);
    });

    it('counts the severities of the policy from the default when a check names none', () => {
      const policy: Policy = {
        name: 'bare',
        title: 'Bare',
        checks: { 'fixable-vulnerabilities': { weight: 1, gate: false } },
      };
      const statuses = (['critical', 'high', 'medium'] as const).map(s =>
        statusOf(
          grade({ policy, fixableFindings: [finding('CVE-1', s)] }),
          'fixable-vulnerabilities',
        ),
      );
      expect(statuses).toEqual(['fail', 'fail', 'pass']);
    });

    it('says how many fail by severity, names each package with the fixed version of its worst finding, and links the rows', () => {
      const result = grade({
        fixableFindings: [
          finding('CVE-1', 'high', 'curl', '8.4.0'),
          finding('CVE-2', 'critical', 'openssl', '3.0.13'),
          finding('CVE-3', 'high', 'openssl', '3.0.12'),
          finding('CVE-4', 'medium', 'zlib', '1.3.1'),
        ],
      });
      const check = checkOf(result, 'fixable-vulnerabilities');
      expect(check).toMatchObject({
        status: 'fail',
        message:
          '3 critical or high vulnerabilities with a fixed version (1 critical, 2 high)',
        fix: 'Upgrade openssl to 3.0.13 and curl to 8.4.0, rebuild and rescan.',
        target: 'findings',
        filter: { severity: ['critical', 'high'], fixable: true },
      });
      expect(result.reasons[0]).toEqual({
        check: 'fixable-vulnerabilities',
        message: check!.message,
        fix: check!.fix,
        target: 'findings',
        filter: { severity: ['critical', 'high'], fixable: true },
      });
    });

    it('filters the findings to every severity of the policy, worst first', () => {
      const result = grade({
        policy: internetFacing,
        fixableFindings: [finding('CVE-1', 'medium')],
      });
      expect(checkOf(result, 'fixable-vulnerabilities')).toMatchObject({
        message:
          '1 critical, high or medium vulnerability with a fixed version',
        filter: { severity: ['critical', 'high', 'medium'], fixable: true },
      });
    });

    it.each([
      [1, 'Upgrade p0 to 1.0.1, rebuild and rescan.'],
      [
        3,
        'Upgrade p0 to 1.0.1, p1 to 1.1.1 and p2 to 1.2.1, rebuild and rescan.',
      ],
      [
        4,
        'Upgrade p0 to 1.0.1, p1 to 1.1.1, p2 to 1.2.1 and 1 more package, rebuild and rescan.',
      ],
      [
        6,
        'Upgrade p0 to 1.0.1, p1 to 1.1.1, p2 to 1.2.1 and 3 more packages, rebuild and rescan.',
      ],
    ])('names at most three of %i packages', (count, fix) => {
      const fixableFindings = Array.from({ length: count }, (_, i) =>
        finding(`CVE-${i}`, 'high', `p${i}`, `1.${i}.1`),
      );
      expect(
        checkOf(grade({ fixableFindings }), 'fixable-vulnerabilities')?.fix,
      ).toBe(fix);
    });

    it('lacks data without a scan: missing, not passed', () => {
      const result = grade({ sections: { vulnerabilities: null } });
      expect(checkOf(result, 'fixable-vulnerabilities')).toMatchObject({
        status: 'missing',
        message:
          "No vulnerability scan: the image's vulnerabilities are unknown",
        fix: expect.stringContaining('trivy image --format json'),
      });
    });
  });

  describe('scan-age', () => {
    it.each([
      ['a day', daysBefore(1), 'pass'],
      ['exactly 30 days', daysBefore(30), 'pass'],
      [
        'a minute over 30 days',
        new Date(now.getTime() - 30 * 86_400_000 - 60_000).toISOString(),
        'fail',
      ],
      ['an hour in the future (a CI clock ahead)', inDays(1 / 24), 'pass'],
    ])('a scan %s old is %s under standard', (_, scannedAt, status) => {
      const result = grade({
        sections: { vulnerabilities: vulns({ scannedAt }) },
      });
      expect(statusOf(result, 'scan-age')).toBe(status);
    });

    it('says how old the newest scan is, never rounding an overdue age down to the limit', () => {
      const justOver = grade({
        sections: {
          vulnerabilities: vulns({
            scannedAt: new Date(
              now.getTime() - 30 * 86_400_000 - 60_000,
            ).toISOString(),
          }),
        },
      });
      expect(checkOf(justOver, 'scan-age')?.message).toBe(
        'The newest scan is 30.1 days old; scan at least every 30 days',
      );
      const old = grade({
        sections: { vulnerabilities: vulns({ scannedAt: daysBefore(41.5) }) },
      });
      expect(checkOf(old, 'scan-age')).toMatchObject({
        status: 'fail',
        message:
          'The newest scan is 41.5 days old; scan at least every 30 days',
        fix: 'Scan in CI on every build (at least every 30 days) and upload the report: the newest scan is 41.5 days old.',
      });
      // 110 of 130 points.
      expect(old).toMatchObject({ score: 85, grade: 'B' });
    });

    it('says how recent a passing scan is', () => {
      const result = grade({
        sections: { vulnerabilities: vulns({ scannedAt: daysBefore(1) }) },
      });
      expect(checkOf(result, 'scan-age')?.message).toBe(
        'The newest scan is 1 day old, within 30 days',
      );
    });

    it('uses the maximum age of the policy', () => {
      const input = {
        sections: { vulnerabilities: vulns({ scannedAt: daysBefore(8) }) },
      };
      expect(statusOf(grade(input), 'scan-age')).toBe('pass');
      expect(
        checkOf(grade({ ...input, policy: internetFacing }), 'scan-age')
          ?.message,
      ).toBe('The newest scan is 8 days old; scan at least every 7 days');
    });

    it.each([
      ['no scan', null],
      ['a scan that does not say when it ran', vulns({ scannedAt: null })],
    ])('lacks data with %s', (_, vulnerabilities) => {
      expect(
        statusOf(grade({ sections: { vulnerabilities } }), 'scan-age'),
      ).toBe('missing');
    });
  });

  describe('sbom', () => {
    it.each([
      ['present', 'pass', 100, sbomSummary],
      ['absent', 'fail', 92, null],
    ])('an SBOM %s: %s, score %i', (_, status, score, sbom) => {
      const result = grade({ sections: { sbom } });
      expect(statusOf(result, 'sbom')).toBe(status);
      expect(result.score).toBe(score);
    });

    it('tells how to make one', () => {
      expect(checkOf(grade({ sections: { sbom: null } }), 'sbom')?.fix).toBe(
        'Generate an SBOM in CI (trivy image --format cyclonedx) and upload it to /api/security/v1/reports.',
      );
    });
  });

  describe('signature', () => {
    const fixes = (pattern: RegExp) => expect.stringMatching(pattern);
    it.each([
      ['verified', 'pass', /is signed by an allowed identity$/, null],
      [
        'unsigned',
        'fail',
        /^No verified signature or attestation for sha256:abab/,
        fixes(/cosign/),
      ],
      ['invalid', 'fail', /does not verify: because$/, fixes(/untrusted/)],
      [
        'unexpected-signer',
        'fail',
        /not by an allowed identity: because$/,
        fixes(/security\.signing\.identities/),
      ],
      [
        'unknown',
        'missing',
        /could not be checked: because$/,
        fixes(/security\.rekor\.baseUrl/),
      ],
    ] as const)(
      'an image whose signature is %s: %s',
      (status, checkStatus, message, fix) => {
        const result = grade({
          sections: { signature: signature(status, { reason: 'because' }) },
        });
        const check = checkOf(result, 'signature');
        expect(check).toMatchObject({
          status: checkStatus,
          target: 'signature',
          message: expect.stringMatching(message),
          fix,
        });
        expect(result.score).toBe(checkStatus === 'pass' ? 100 : 85);
      },
    );

    it('names the signer of a verified image', () => {
      const subject =
        'https://github.com/acme/api/.github/workflows/release.yml@refs/heads/main';
      const result = grade({
        sections: {
          signature: signature('verified', {
            signer: {
              issuer: 'https://token.actions.githubusercontent.com',
              subject,
            },
          }),
        },
      });
      expect(checkOf(result, 'signature')?.message).toBe(
        `sha256:abababababab… is signed by ${subject}, an allowed identity`,
      );
    });

    it('lacks data when the image has not been checked yet', () => {
      expect(
        checkOf(grade({ sections: { signature: null } }), 'signature'),
      ).toMatchObject({
        status: 'missing',
        target: 'signature',
      });
    });

    it('says when the verdict is the last known one, without changing it', () => {
      const result = grade({
        sections: { signature: signature('verified', { stale: true }) },
      });
      expect(statusOf(result, 'signature')).toBe('pass');
      expect(result.reasons.map(r => r.check)).toEqual(['signature-stale']);
      expect(result.score).toBe(100);
    });
  });

  describe('secret-age', () => {
    it.each([
      [0, 'pass', 100],
      [1, 'fail', 92],
    ])('%i overdue: %s', (overdue, status, score) => {
      const result = grade({ sections: { secrets: secrets(overdue) } });
      expect(statusOf(result, 'secret-age')).toBe(status);
      expect(result.score).toBe(score);
    });

    it('names each overdue secret, its age and what to do', () => {
      const result = grade({
        sections: {
          secrets: secrets(2, {
            overdueSecrets: [
              {
                path: 'payments/db',
                engine: 'secret',
                kind: 'kv',
                ageDays: 143,
                maxAgeDays: 90,
              },
              {
                path: 'ledger-db',
                engine: 'database',
                kind: 'database-static-role',
                ageDays: 9,
                maxAgeDays: 1,
              },
            ],
          }),
        },
      });
      expect(checkOf(result, 'secret-age')).toMatchObject({
        status: 'fail',
        message:
          'payments/db is 143 days old, past its 90-day limit. Static role ledger-db was last rotated 9 days ago; it should rotate every 1 day',
        fix: 'Rotate payments/db (143 days old): write a new version in the secret mount and roll it out. Find out why Vault stopped rotating ledger-db (9 days old): check the role and its database connection in the database mount.',
        target: 'secrets',
      });
    });

    it('lacks data when the secrets have not been read yet, and says when they are stale', () => {
      expect(
        statusOf(grade({ sections: { secrets: null } }), 'secret-age'),
      ).toBe('missing');
      const stale = grade({
        sections: { secrets: secrets(0, { stale: true }) },
      });
      expect(statusOf(stale, 'secret-age')).toBe('pass');
      expect(stale.reasons.map(r => r.check)).toEqual(['secrets-stale']);
    });
  });

  describe('applicability', () => {
    it('leaves signature and secret age out of the checks and the score when they do not apply', () => {
      const result = grade({
        applicable: ['scan', 'sbom'],
        sections: {
          signature: signature('invalid'),
          secrets: secrets(3),
          sbom: null,
        },
      });
      expect(result.checks.map(c => c.check)).toEqual([
        'known-exploited',
        'exploit-likelihood',
        'fixable-vulnerabilities',
        'scan-age',
        'sbom',
      ]);
      expect(result.reasons.map(r => r.check)).toEqual(['sbom']);
      // 90 of 100 applicable points.
      expect(result).toMatchObject({ score: 90, grade: 'A' });
    });

    it('grades no check the policy does not name', () => {
      const policy: Policy = {
        name: 'scans-only',
        title: 'Scans only',
        checks: { 'scan-age': { weight: 5, gate: true, maxAgeDays: 30 } },
      };
      const result = grade({
        policy,
        sections: { sbom: null, signature: signature('invalid') },
      });
      expect(result.checks.map(c => c.check)).toEqual(['scan-age']);
      expect(result).toMatchObject({ score: 100, grade: 'A', reasons: [] });
    });
  });

  describe('missing data', () => {
    it('gives no credit for checks without data and fails the gate on gated ones', () => {
      const result = grade({ sections: { vulnerabilities: null } });
      expect(
        result.checks.filter(c => c.status === 'missing').map(c => c.check),
      ).toEqual([
        'known-exploited',
        'exploit-likelihood',
        'fixable-vulnerabilities',
        'scan-age',
      ]);
      // 40 of 130 points.
      expect(result).toMatchObject({ score: 31, grade: 'F' });
      expect(result.gate.pass).toBe(false);
      expect(result.gate.violations.map(v => [v.check, v.status])).toEqual([
        ['known-exploited', 'missing'],
        ['fixable-vulnerabilities', 'missing'],
        ['scan-age', 'missing'],
      ]);
    });

    it('does not fail the gate on a check that is not gated', () => {
      const result = grade({ sections: { signature: null, sbom: null } });
      expect(result.gate).toEqual({ pass: true, violations: [] });
      // 100 of 130 points.
      expect(result.score).toBe(77);
    });

    it('fails the gate of a stricter policy on the same missing signature', () => {
      const result = grade({
        policy: internetFacing,
        sections: { signature: null },
      });
      expect(result.gate.violations.map(v => v.check)).toEqual(['signature']);
    });

    it('gives no grade or score when nothing at all is known, but says what is missing', () => {
      const result = grade({
        sections: {
          vulnerabilities: null,
          sbom: null,
          signature: null,
          secrets: null,
        },
      });
      expect(result).toMatchObject({
        grade: null,
        score: null,
        policy: 'standard',
      });
      expect(result.checks.map(c => [c.check, c.status])).toEqual([
        ['known-exploited', 'missing'],
        ['exploit-likelihood', 'missing'],
        ['fixable-vulnerabilities', 'missing'],
        ['scan-age', 'missing'],
        ['sbom', 'fail'],
        ['signature', 'missing'],
        ['secret-age', 'missing'],
      ]);
      expect(result.gate.pass).toBe(false);
    });
  });

  describe('named policies', () => {
    const entity = {
      sections: {
        vulnerabilities: vulns({ scannedAt: daysBefore(10) }),
        sbom: null,
      },
      fixableFindings: [finding('CVE-2024-7', 'medium', 'zlib', '1.3.1')],
    };

    it('passes an entity under the default policy that a stricter one fails', () => {
      const lenient = grade(entity);
      const strict = grade({ ...entity, policy: internetFacing });
      expect(lenient).toMatchObject({
        policy: 'standard',
        score: 92,
        grade: 'A',
      });
      expect(lenient.gate.pass).toBe(true);
      // 60 of 130 points: the exploitability checks, signature and secrets pass.
      expect(strict).toMatchObject({
        policy: 'internet-facing',
        score: 46,
        grade: 'F',
      });
      expect(strict.gate.violations.map(v => v.check)).toEqual([
        'fixable-vulnerabilities',
        'scan-age',
        'sbom',
      ]);
    });

    it('grades an unknown policy name with the default and says so first', () => {
      const { policy, unknownName } = policyFor(DEFAULT_POLICY_SET, {
        'posture.dev/policy': 'internet-facng',
      });
      const result = grade({ ...entity, policy, unknownName });
      expect(result.policy).toBe('standard');
      expect(result.reasons[0]).toEqual({
        check: 'policy-unknown',
        message:
          'The posture.dev/policy annotation names "internet-facng", which security.policy does not define; graded with the default policy "standard"',
        fix: 'Set posture.dev/policy to a policy under security.policy.policies, or remove it to use the default.',
      });
      expect(result.score).toBe(92);
    });
  });

  describe('exemptions', () => {
    const failing = {
      sections: { sbom: null },
      fixableFindings: [
        finding('CVE-2024-1', 'critical', 'openssl', '3.0.13'),
        finding('CVE-2024-2', 'high', 'curl', '8.4.0'),
      ],
    };
    const exemption = (
      check: PolicyCheckId,
      findingId: string | null = null,
      expiresAt = inDays(30),
      id = `ex-${check}-${findingId}`,
    ) => ({ id, check, findingId, expiresAt });

    it('credits an exempted check and says until when, without a reason', () => {
      const result = grade({
        ...failing,
        exemptions: [exemption('sbom', null, '2026-12-31T00:00:00Z')],
      });
      expect(checkOf(result, 'sbom')).toMatchObject({
        status: 'exempt',
        message:
          "No SBOM: the image's components and licences are not listed (exempted until 2026-12-31)",
        exemption: { id: 'ex-sbom-null', expiresAt: '2026-12-31T00:00:00Z' },
      });
      expect(result.reasons.map(r => r.check)).toEqual([
        'fixable-vulnerabilities',
      ]);
      expect(result.score).toBe(69);
    });

    it('keeps a gated check out of the violations while it is exempt', () => {
      const result = grade({
        ...failing,
        exemptions: [exemption('fixable-vulnerabilities')],
      });
      expect(statusOf(result, 'fixable-vulnerabilities')).toBe('exempt');
      expect(result.gate).toEqual({ pass: true, violations: [] });
      expect(result.score).toBe(92);
    });

    it('does not mark a passing check exempt', () => {
      const result = grade({ exemptions: [exemption('sbom')] });
      expect(checkOf(result, 'sbom')).toMatchObject({
        status: 'pass',
        exemption: null,
      });
    });

    it('does not turn missing data into an exemption', () => {
      const result = grade({
        sections: { vulnerabilities: null },
        exemptions: [exemption('scan-age')],
      });
      expect(statusOf(result, 'scan-age')).toBe('missing');
    });

    it('exempts the check when finding exemptions cover every failing finding, until the first expires', () => {
      const result = grade({
        ...failing,
        exemptions: [
          exemption(
            'fixable-vulnerabilities',
            'CVE-2024-1',
            inDays(20),
            'late',
          ),
          exemption(
            'fixable-vulnerabilities',
            'cve-2024-2',
            inDays(5),
            'early',
          ),
        ],
      });
      expect(checkOf(result, 'fixable-vulnerabilities')).toMatchObject({
        status: 'exempt',
        message:
          '2 critical or high vulnerabilities with a fixed version (1 critical, 1 high), all exempted until 2026-11-28',
        exemption: { id: 'early', expiresAt: inDays(5) },
        target: 'findings',
      });
      expect(result.score).toBe(92);
    });

    it('still fails when finding exemptions cover some failing findings, naming only the rest', () => {
      const result = grade({
        ...failing,
        exemptions: [exemption('fixable-vulnerabilities', 'CVE-2024-1')],
      });
      expect(checkOf(result, 'fixable-vulnerabilities')).toMatchObject({
        status: 'fail',
        message:
          '1 critical or high vulnerability with a fixed version; 1 more exempted',
        fix: 'Upgrade curl to 8.4.0, rebuild and rescan.',
        exemption: null,
      });
    });

    it('ignores finding exemptions of findings that are not failing', () => {
      const result = grade({
        ...failing,
        exemptions: [exemption('fixable-vulnerabilities', 'CVE-2099-9')],
      });
      expect(statusOf(result, 'fixable-vulnerabilities')).toBe('fail');
    });

    it.each([
      ['expires exactly now', now.toISOString(), 'fail'],
      ['expired yesterday', inDays(-1), 'fail'],
      [
        'expires a millisecond after now',
        new Date(now.getTime() + 1).toISOString(),
        'exempt',
      ],
    ])('an exemption that %s: %s', (_, expiresAt, status) => {
      const check = grade({
        ...failing,
        exemptions: [
          exemption('sbom', null, expiresAt),
          exemption('fixable-vulnerabilities', 'CVE-2024-1', expiresAt),
          exemption('fixable-vulnerabilities', 'CVE-2024-2', expiresAt),
        ],
      });
      expect(statusOf(check, 'sbom')).toBe(status);
      expect(statusOf(check, 'fixable-vulnerabilities')).toBe(status);
    });
  });

  describe('score and grade', () => {
    // Under standard: 20, 10, 40, 20, 10, 20, 10 of 130 points.
    it.each([
      [[], 100, 'A'],
      [['sbom'], 92, 'A'],
      [['exploit-likelihood'], 92, 'A'],
      [['signature'], 85, 'B'],
      [['known-exploited'], 85, 'B'],
      [['sbom', 'secret-age'], 85, 'B'],
      [['scan-age', 'sbom'], 77, 'C'],
      [['fixable-vulnerabilities'], 69, 'D'],
      [['fixable-vulnerabilities', 'sbom'], 62, 'D'],
      [['known-exploited', 'fixable-vulnerabilities'], 54, 'F'],
      [
        [
          'known-exploited',
          'exploit-likelihood',
          'fixable-vulnerabilities',
          'scan-age',
          'sbom',
          'signature',
          'secret-age',
        ],
        0,
        'F',
      ],
    ] as const)('failing %j scores %i, %s', (fails, score, letter) => {
      const failing = new Set<string>(fails);
      const result = grade({
        sections: {
          vulnerabilities: vulns({
            scannedAt: failing.has('scan-age') ? daysBefore(60) : daysBefore(1),
          }),
          sbom: failing.has('sbom') ? null : sbomSummary,
          signature: signature(
            failing.has('signature') ? 'unsigned' : 'verified',
          ),
          secrets: secrets(failing.has('secret-age') ? 1 : 0),
        },
        fixableFindings: failing.has('fixable-vulnerabilities')
          ? [finding('CVE-1', 'critical')]
          : [],
        exploitSignals: [
          ...(failing.has('known-exploited')
            ? [signal('CVE-2', { kev: true })]
            : []),
          ...(failing.has('exploit-likelihood')
            ? [signal('CVE-3', { epss: 0.9 })]
            : []),
        ],
      });
      expect(result).toMatchObject({ score, grade: letter });
      expect(result.reasons.map(r => r.check)).toEqual(fails);
    });

    it('rounds the share of applicable weight to a whole score', () => {
      // Secrets do not apply: 110 of 120 points.
      const result = grade({
        applicable: ['scan', 'sbom', 'signature'],
        sections: { sbom: null, secrets: null },
      });
      expect(result).toMatchObject({ score: 92, grade: 'A' });
    });

    it('gives no score when no check of the policy applies', () => {
      const policy: Policy = {
        name: 'signing',
        title: 'Signing',
        checks: { signature: { weight: 1, gate: true } },
      };
      const result = grade({ policy, applicable: ['scan', 'sbom'] });
      expect(result).toMatchObject({ grade: null, score: null, checks: [] });
      expect(result.gate.pass).toBe(true);
    });
  });

  it('is pure: it reads only its input', () => {
    const input = {
      sections: allKnown,
      fixableFindings: [finding('CVE-1', 'high')],
    };
    const snapshot = JSON.stringify(input);
    expect(grade(input)).toEqual(grade(input));
    expect(JSON.stringify(input)).toBe(snapshot);
  });
});
