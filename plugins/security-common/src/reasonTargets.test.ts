import {
  finding,
  grade,
  secrets,
  signature,
} from './policy/__testUtils__/fixtures';
import { POLICY_CHECKS } from './types';

// The Security tab turns each reason into a link to its fix; these say where each one leads.
describe('reason targets', () => {
  it('filters the findings to the fixable rows of the policy severities', () => {
    const { reasons } = grade({
      fixableFindings: [finding('CVE-1', 'critical'), finding('CVE-2', 'high')],
    });
    expect(
      reasons.map(({ check, target, filter }) => ({ check, target, filter })),
    ).toEqual([
      {
        check: 'fixable-vulnerabilities',
        target: 'findings',
        filter: { severity: ['critical', 'high'], fixable: true },
      },
    ]);
  });

  it.each(['invalid', 'unexpected-signer', 'unsigned', 'unknown'] as const)(
    'sends a %s signature to the signature',
    status => {
      const { reasons } = grade({
        sections: { signature: signature(status, { stale: true }) },
      });
      expect(reasons.length).toBeGreaterThan(0);
      expect(reasons.map(r => r.target)).toEqual(
        reasons.map(() => 'signature'),
      );
    },
  );

  it('sends overdue and unread secrets to the secrets', () => {
    const { reasons } = grade({
      sections: { secrets: secrets(2, { stale: true }) },
    });
    expect(reasons.map(r => [r.check, r.target])).toEqual([
      ['secret-age', 'secrets'],
      ['secrets-stale', 'secrets'],
    ]);
  });

  it('gives each failing check one reason, in the order of the checks', () => {
    const { reasons, checks } = grade({
      sections: {
        vulnerabilities: null,
        sbom: null,
        signature: signature('unsigned'),
        secrets: secrets(1),
      },
    });
    expect(reasons.map(r => r.check)).toEqual([...POLICY_CHECKS]);
    expect(reasons.map(r => r.fix)).toEqual(checks.map(c => c.fix));
  });
});
