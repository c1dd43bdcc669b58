import { gradePosture, gradeForScore } from './grading';
import type { SignatureSummary, VulnerabilitySummary } from './types';

const zero = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
const now = new Date('2026-11-23T00:00:00Z');

function vulns(
  partial: Partial<typeof zero>,
  fixable: Partial<typeof zero> = {},
  scannedAt = '2026-11-22T00:00:00Z',
): VulnerabilitySummary {
  return {
    ...zero,
    ...partial,
    fixable: { ...zero, ...fixable },
    scannedAt,
    artifact: 'ghcr.io/acme/api',
    digest: null,
    stale: false,
  };
}

describe('gradePosture', () => {
  it('gives no grade when nothing at all is known', () => {
    expect(
      gradePosture(
        { vulnerabilities: null, sbom: null, secrets: null, signature: null },
        now,
      ),
    ).toEqual({
      grade: null,
      score: null,
      reasons: [],
    });
  });

  it('gives a recent clean scan an A with no reasons', () => {
    expect(gradePosture({ vulnerabilities: vulns({ low: 7 }) }, now)).toEqual({
      grade: 'A',
      score: 100,
      reasons: [],
    });
  });

  it('drops a service with two criticals to D and says how many have a fix', () => {
    const result = gradePosture(
      { vulnerabilities: vulns({ critical: 2 }, { critical: 1 }) },
      now,
    );
    expect(result.score).toBe(60);
    expect(result.grade).toBe('D');
    expect(result.reasons[0]).toMatchObject({
      check: 'critical-vulnerabilities',
      message: '2 critical vulnerabilities (1 with a fix)',
      fix: 'Upgrade the package that has a fixed version, rebuild and rescan.',
    });
  });

  it('caps each class so hundreds of mediums alone cannot fail a service', () => {
    expect(
      gradePosture({ vulnerabilities: vulns({ medium: 500 }) }, now),
    ).toMatchObject({ score: 90, grade: 'A' });
  });

  it('never goes below zero and fails with everything', () => {
    const result = gradePosture(
      {
        vulnerabilities: vulns(
          { critical: 9, high: 9, medium: 99 },
          {},
          '2026-01-01T00:00:00Z',
        ),
      },
      now,
    );
    expect(result).toMatchObject({ score: 0, grade: 'F' });
    expect(result.reasons.map(r => r.check)).toEqual([
      'critical-vulnerabilities',
      'high-vulnerabilities',
      'medium-vulnerabilities',
      'scan-age',
    ]);
  });

  it('penalises a scan older than 30 days', () => {
    const result = gradePosture(
      { vulnerabilities: vulns({}, {}, '2026-10-01T00:00:00Z') },
      now,
    );
    expect(result).toMatchObject({ score: 90, grade: 'A' });
    expect(result.reasons).toEqual([
      {
        check: 'scan-age',
        message: 'The newest scan is 53 days old; scan at least every 30 days',
        fix: 'Scan in CI on every build (at least every 30 days) and upload the report.',
      },
    ]);
  });

  it.each([
    // 30.6 days is over the limit and must not read as "30 days".
    ['2026-10-23T09:36:00Z', '30.6'],
    // Just over the limit rounds up, never down to the limit itself.
    ['2026-10-23T23:59:00Z', '30.1'],
  ])('says a scan from %s is %s days old', (scannedAt, age) => {
    const result = gradePosture(
      { vulnerabilities: vulns({}, {}, scannedAt) },
      now,
    );
    expect(result.reasons.map(r => r.message)).toEqual([
      `The newest scan is ${age} days old; scan at least every 30 days`,
    ]);
  });

  it('does not flag a scan exactly 30 days old', () => {
    expect(
      gradePosture(
        { vulnerabilities: vulns({}, {}, '2026-10-24T00:00:00Z') },
        now,
      ).reasons,
    ).toEqual([]);
  });
});

describe('gradeForScore', () => {
  it.each([
    [100, 'A'],
    [90, 'A'],
    [89, 'B'],
    [70, 'C'],
    [60, 'D'],
    [59, 'F'],
    [0, 'F'],
  ])('%i is %s', (score, grade) => {
    expect(gradeForScore(score)).toBe(grade);
  });
});

describe('gradePosture with secrets', () => {
  const secrets = (overdue: number, stale = false) => ({
    total: 5,
    overdue,
    dueSoon: 1,
    oldestAgeDays: 200,
    checkedAt: '2026-11-22T00:00:00Z',
    stale,
  });

  it('takes 10 points per overdue secret, at most 30', () => {
    expect(
      gradePosture({ vulnerabilities: vulns({}), secrets: secrets(2) }, now)
        .score,
    ).toBe(80);
    expect(
      gradePosture({ vulnerabilities: vulns({}), secrets: secrets(9) }, now)
        .score,
    ).toBe(70);
  });

  it('says when secret data is stale without penalising it', () => {
    const result = gradePosture(
      { vulnerabilities: vulns({}), secrets: secrets(0, true) },
      now,
    );
    expect(result.score).toBe(100);
    expect(result.reasons.map(r => r.check)).toEqual(['secrets-stale']);
  });
});

describe('gradePosture with a signature', () => {
  const signature = (
    status: SignatureSummary['status'],
    extra: Partial<SignatureSummary> = {},
  ): SignatureSummary => ({
    status,
    signer: null,
    checkedAt: '2026-11-23T11:00:00Z',
    stale: false,
    digest: `sha256:${'ab'.repeat(32)}`,
    reason: null,
    logIndex: null,
    logUrl: null,
    integratedTime: null,
    ...extra,
  });
  const grade = (s: SignatureSummary) =>
    gradePosture({ vulnerabilities: vulns({}), signature: s }, now);

  it('keeps a verified image at 100 with no reason', () => {
    expect(grade(signature('verified'))).toEqual({
      grade: 'A',
      score: 100,
      reasons: [],
    });
  });

  it('ranks a forged signature below a foreign signer below none', () => {
    const invalid = grade(signature('invalid', { reason: 'digest mismatch' }));
    const foreign = grade(signature('unexpected-signer'));
    const unsigned = grade(signature('unsigned'));
    expect(invalid.score).toBe(70);
    expect(foreign.score).toBe(80);
    expect(unsigned.score).toBe(90);
    expect(invalid.reasons[0].message).toContain('digest mismatch');
    expect(unsigned.reasons[0].fix).toContain('cosign');
  });

  it('does not penalise a log that could not be asked, but says so', () => {
    const result = grade(
      signature('unknown', { reason: 'Rekor returned 503' }),
    );
    expect(result.score).toBe(100);
    expect(result.reasons.map(r => r.check)).toEqual(['signature-unknown']);
  });

  it('keeps the last known penalty when the verdict is stale', () => {
    const result = grade(signature('unsigned', { stale: true }));
    expect(result.score).toBe(90);
    expect(result.reasons.map(r => r.check)).toEqual([
      'signature-missing',
      'signature-stale',
    ]);
  });
});

describe('gradePosture without a scan', () => {
  const scanMissing = {
    check: 'scan-missing',
    message:
      "No vulnerability scan: the image's vulnerabilities are unknown, so the grade is at most C",
    fix: 'Upload a Trivy report from CI: run `trivy image --format json` on every build and POST it to /api/security/v1/reports.',
  };
  const cleanSecrets = {
    total: 2,
    overdue: 0,
    dueSoon: 0,
    oldestAgeDays: 20,
    overdueSecrets: [],
    checkedAt: '2026-11-22T00:00:00Z',
    stale: false,
  };
  const verified: SignatureSummary = {
    status: 'verified',
    signer: null,
    checkedAt: '2026-11-23T11:00:00Z',
    stale: false,
    digest: `sha256:${'ab'.repeat(32)}`,
    reason: null,
    logIndex: null,
    logUrl: null,
    integratedTime: null,
  };
  const sbom = {
    components: 120,
    format: 'cyclonedx' as const,
    generatedAt: '2026-11-22T00:00:00Z',
  };

  it.each([
    // The issue's `recommendations`: only Vault secrets, all fresh. Was A, 100, no reason.
    ['only fresh secrets', { secrets: cleanSecrets }, 79, 'C'],
    ['only a verified signature', { signature: verified }, 79, 'C'],
    ['only an SBOM', { sbom }, 79, 'C'],
    [
      'an SBOM, a verified signature and fresh secrets',
      { sbom, signature: verified, secrets: cleanSecrets },
      79,
      'C',
    ],
    // The cap only lowers: penalties of what is known still count in full.
    [
      'secrets with two overdue',
      { secrets: { ...cleanSecrets, overdue: 2 } },
      79,
      'C',
    ],
    [
      'secrets with three overdue and an invalid signature',
      {
        secrets: { ...cleanSecrets, overdue: 3 },
        signature: { ...verified, status: 'invalid' as const },
      },
      40,
      'F',
    ],
  ])('grades %s no better than C', (_, known, score, grade) => {
    const result = gradePosture({ vulnerabilities: null, ...known }, now);
    expect(result).toMatchObject({ score, grade });
    expect(result.reasons[0]).toEqual(scanMissing);
  });

  it('still gives an A to the same service once a clean scan is known', () => {
    expect(
      gradePosture(
        {
          vulnerabilities: vulns({}),
          sbom,
          signature: verified,
          secrets: cleanSecrets,
        },
        now,
      ),
    ).toEqual({ grade: 'A', score: 100, reasons: [] });
  });
});

describe('gradePosture names overdue secrets', () => {
  const summary = {
    total: 4,
    overdue: 2,
    dueSoon: 0,
    oldestAgeDays: 143,
    overdueSecrets: [
      {
        path: 'ledger-db',
        engine: 'database',
        kind: 'database-static-role' as const,
        ageDays: 9,
        maxAgeDays: 1,
      },
      {
        path: 'payments/db',
        engine: 'secret',
        kind: 'kv' as const,
        ageDays: 143,
        maxAgeDays: 90,
      },
    ],
    checkedAt: '2026-11-22T00:00:00Z',
    stale: false,
  };

  it('gives each overdue secret its own reason and fix, naming it and its age', () => {
    const result = gradePosture(
      { vulnerabilities: vulns({}), secrets: summary },
      now,
    );
    expect(result.score).toBe(80);
    expect(result.reasons).toEqual([
      {
        check: 'secret-rotation',
        message:
          'Static role ledger-db was last rotated 9 days ago; it should rotate every 1 day',
        fix: 'Find out why Vault stopped rotating ledger-db (9 days old): check the role and its database connection in the database mount.',
        target: 'secrets',
      },
      {
        check: 'secret-rotation',
        message: 'payments/db is 143 days old, past its 90-day limit',
        fix: 'Rotate payments/db (143 days old): write a new version in the secret mount and roll it out.',
        target: 'secrets',
      },
    ]);
  });

  it('names the five most overdue and counts the rest in one reason', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({
      path: `app/s${i}`,
      engine: 'secret',
      kind: 'kv' as const,
      ageDays: 200 - i,
      maxAgeDays: 90,
    }));
    const result = gradePosture(
      {
        vulnerabilities: vulns({}),
        secrets: { ...summary, overdue: 7, overdueSecrets: many },
      },
      now,
    );
    expect(result.reasons.map(r => r.message)).toEqual([
      'app/s0 is 200 days old, past its 90-day limit',
      'app/s1 is 199 days old, past its 90-day limit',
      'app/s2 is 198 days old, past its 90-day limit',
      'app/s3 is 197 days old, past its 90-day limit',
      'app/s4 is 196 days old, past its 90-day limit',
      '2 more secrets are overdue for rotation',
    ]);
  });

  it('counts overdue secrets of a summary stored before it named them', () => {
    const { overdueSecrets: _, ...stored } = summary;
    const result = gradePosture(
      { vulnerabilities: vulns({}), secrets: stored },
      now,
    );
    expect(result.reasons.map(r => r.message)).toEqual([
      '2 secrets are overdue for rotation',
    ]);
  });
});
