import { checkLabel, CHECK_LABELS } from './checkLabels';
import { gradePosture } from './grading';

describe('checkLabel', () => {
  it('labels every check the grader can give', () => {
    const signature = (
      status: 'invalid' | 'unexpected-signer' | 'unsigned' | 'unknown',
    ) => ({
      status,
      signer: null,
      checkedAt: null,
      stale: true,
      digest: null,
      reason: null,
      logIndex: null,
      logUrl: null,
      integratedTime: null,
    });
    const checks = new Set<string>();
    const add = (input: Parameters<typeof gradePosture>[0]) =>
      gradePosture(input, new Date('2026-11-23T00:00:00Z')).reasons.forEach(r =>
        checks.add(r.check),
      );
    const counts = { critical: 1, high: 1, medium: 1, low: 1, unknown: 1 };
    add({
      vulnerabilities: {
        ...counts,
        fixable: counts,
        scannedAt: '2026-01-01T00:00:00Z',
        artifact: null,
        digest: null,
        stale: false,
      },
      secrets: {
        total: 1,
        overdue: 1,
        dueSoon: 0,
        oldestAgeDays: 100,
        checkedAt: null,
        stale: true,
      },
    });
    for (const status of [
      'invalid',
      'unexpected-signer',
      'unsigned',
      'unknown',
    ] as const) {
      add({ vulnerabilities: null, signature: signature(status) });
    }
    expect([...checks].sort()).toEqual(Object.keys(CHECK_LABELS).sort());
  });

  it.each([
    ['critical-vulnerabilities', 'Critical vulnerabilities'],
    ['scan-missing', 'No vulnerability scan'],
    ['licence-policy', 'Licence policy'],
    ['odd__id', 'Odd id'],
    ['', ''],
  ])('%j reads %j', (check, label) => {
    expect(checkLabel(check)).toBe(label);
  });
});
