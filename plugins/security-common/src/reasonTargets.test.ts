import { gradePosture } from './grading';
import type {
  SecretsSummary,
  SignatureSummary,
  VulnerabilitySummary,
} from './types';

// The Security tab turns each reason into a link to its fix; these say where each one leads.
const zero = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
const now = new Date('2026-11-23T00:00:00Z');

const vulns = (
  counts: Partial<typeof zero>,
  fixable: Partial<typeof zero>,
): VulnerabilitySummary => ({
  ...zero,
  ...counts,
  fixable: { ...zero, ...fixable },
  scannedAt: '2026-11-22T00:00:00Z',
  artifact: 'ghcr.io/acme/api',
  digest: null,
  stale: false,
});

const signature = (
  status: SignatureSummary['status'],
  stale = false,
): SignatureSummary => ({
  status,
  signer: null,
  checkedAt: '2026-11-23T11:00:00Z',
  stale,
  digest: `sha256:${'ab'.repeat(32)}`,
  reason: null,
  logIndex: null,
  logUrl: null,
  integratedTime: null,
});

const secrets: SecretsSummary = {
  total: 3,
  overdue: 2,
  dueSoon: 0,
  oldestAgeDays: 400,
  checkedAt: '2026-11-23T11:00:00Z',
  stale: true,
};

describe('reason targets', () => {
  it('filters the findings to the fixable rows of the severity, or all of it without a fix', () => {
    const { reasons } = gradePosture(
      { vulnerabilities: vulns({ critical: 3, high: 2 }, { critical: 2 }) },
      now,
    );
    expect(
      reasons.map(({ check, target, filter }) => ({ check, target, filter })),
    ).toEqual([
      {
        check: 'critical-vulnerabilities',
        target: 'findings',
        filter: { severity: ['critical'], fixable: true },
      },
      {
        check: 'high-vulnerabilities',
        target: 'findings',
        filter: { severity: ['high'] },
      },
    ]);
  });

  it.each(['invalid', 'unexpected-signer', 'unsigned', 'unknown'] as const)(
    'sends a %s signature to the signature',
    status => {
      const { reasons } = gradePosture(
        { vulnerabilities: vulns({}, {}), signature: signature(status, true) },
        now,
      );
      expect(reasons.length).toBeGreaterThan(0);
      expect(reasons.map(r => r.target)).toEqual(
        reasons.map(() => 'signature'),
      );
    },
  );

  it('sends overdue and unread secrets to the secrets', () => {
    const { reasons } = gradePosture(
      { vulnerabilities: vulns({}, {}), secrets },
      now,
    );
    expect(reasons.map(r => [r.check, r.target])).toEqual([
      ['secret-rotation', 'secrets'],
      ['secrets-stale', 'secrets'],
    ]);
  });
});
