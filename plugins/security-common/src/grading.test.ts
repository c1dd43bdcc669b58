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
  it('gives no grade when nothing was scanned', () => {
    expect(gradePosture({ vulnerabilities: null }, now)).toEqual({
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
    expect(result.reasons[0].message).toBe('The newest scan is 53 days old');
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

  it('grades a service known only through its secrets', () => {
    expect(
      gradePosture({ vulnerabilities: null, secrets: secrets(0) }, now),
    ).toEqual({
      grade: 'A',
      score: 100,
      reasons: [],
    });
  });

  it('takes 10 points per overdue secret, at most 30', () => {
    expect(
      gradePosture({ vulnerabilities: null, secrets: secrets(2) }, now).score,
    ).toBe(80);
    expect(
      gradePosture({ vulnerabilities: null, secrets: secrets(9) }, now).score,
    ).toBe(70);
  });

  it('says when secret data is stale without penalising it', () => {
    const result = gradePosture(
      { vulnerabilities: null, secrets: secrets(0, true) },
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
    gradePosture({ vulnerabilities: null, signature: s }, now);

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
