import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  DEFAULT_POLICY_SET,
  emptyPosture,
  gradeWithPolicy,
  type EntityPosture,
  type GradingSections,
} from '@posture/backstage-plugin-security-common';
import { screen, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { securityApiRef } from '../../api/SecurityApi';
import { fakeSecurityApi } from '../../testing/fakeSecurityApi';
import { componentEntity, gradedPosture } from '../../testing/fixtures';
import { PostureSummaryCard } from './PostureSummaryCard';

// Reasons may look up the packages they name, so the card needs the API.
function render(card: ReactElement) {
  return renderInTestApp(
    <TestApiProvider apis={[[securityApiRef, fakeSecurityApi()]]}>
      {card}
    </TestApiProvider>,
  );
}

const secrets: EntityPosture['secrets'] = {
  total: 2,
  overdue: 0,
  dueSoon: 0,
  oldestAgeDays: 20,
  overdueSecrets: [],
  checkedAt: '2026-11-22T00:00:00Z',
  stale: false,
};

const noSections: GradingSections = {
  vulnerabilities: null,
  sbom: null,
  signature: null,
  secrets: null,
};

/** Grade, score, reasons, checks and policy as the backend computes them (the standard policy). */
function graded(sections: Partial<GradingSections>) {
  const { grade, score, reasons, checks, policy } = gradeWithPolicy({
    policy: DEFAULT_POLICY_SET.policies.standard,
    sections: { ...noSections, ...sections },
    applicable: ['scan', 'sbom', 'signature', 'secrets'],
    fixableFindings: [],
    exemptions: [],
    now: new Date(),
  });
  return { grade, score, reasons, checks, policy };
}

// The issue's `recommendations`: only Vault secrets are known, graded by the real rules.
const recommendations: EntityPosture = {
  ...emptyPosture('component:default/recommendations'),
  ...graded({ secrets }),
  secrets,
  updatedAt: '2026-11-22T00:00:00Z',
  missing: ['scan', 'sbom', 'signature'],
};

describe('PostureSummaryCard', () => {
  it('does not pass a service known only by its secrets, and says what is unknown and what to do', async () => {
    await render(<PostureSummaryCard posture={recommendations} />);

    // Only the secret age (10 of the standard policy's 130 points) is known to pass.
    expect(screen.getByText('Score 8 / 100')).toBeInTheDocument();
    expect(screen.queryByText(/All checks pass|known check passes/)).toBeNull();
    const reasons = screen.getByRole('list', { name: 'Reasons for the grade' });
    expect(
      within(reasons).getByText(
        "No vulnerability scan: the image's vulnerabilities are unknown",
      ),
    ).toBeInTheDocument();

    const missing = screen.getByRole('list', { name: 'Not known yet' });
    const items = within(missing).getAllByRole('listitem');
    expect(items.map(item => item.textContent)).toEqual([
      expect.stringMatching(/^Vulnerabilities: upload a Trivy scan from CI/),
      expect.stringMatching(/^Components \(SBOM\): upload an SBOM from CI/),
      expect.stringMatching(/^Image signature: sign the image in CI/),
    ]);
  });

  it('says every known check passes, not all, while something is unknown', async () => {
    await render(
      <PostureSummaryCard
        posture={{
          ...recommendations,
          grade: 'A',
          score: 100,
          reasons: [],
          missing: ['sbom'],
        }}
      />,
    );
    expect(screen.getByText('Every known check passes.')).toBeInTheDocument();
    expect(screen.queryByText('All checks pass.')).toBeNull();
    expect(
      within(screen.getByRole('list', { name: 'Not known yet' })).getAllByRole(
        'listitem',
      ),
    ).toHaveLength(1);
  });

  it('says all checks pass when nothing is missing, from a backend with or without `missing`', async () => {
    const known: EntityPosture = {
      ...recommendations,
      grade: 'A',
      score: 100,
      reasons: [],
      missing: [],
    };
    const { unmount } = await render(<PostureSummaryCard posture={known} />);
    expect(screen.getByText('All checks pass.')).toBeInTheDocument();
    expect(screen.queryByText('Not known yet')).toBeNull();
    unmount();

    const { missing: _, ...fromOlderBackend } = known;
    await render(<PostureSummaryCard posture={fromOlderBackend} />);
    expect(screen.getByText('All checks pass.')).toBeInTheDocument();
    expect(screen.queryByText('Not known yet')).toBeNull();
  });

  it('names each check in words, never by its internal id', async () => {
    await render(
      <PostureSummaryCard
        posture={{
          ...recommendations,
          ...gradeWithPolicy({
            policy: DEFAULT_POLICY_SET.policies.standard,
            sections: {
              ...noSections,
              vulnerabilities: {
                critical: 1,
                high: 0,
                medium: 0,
                low: 0,
                unknown: 0,
                fixable: {
                  critical: 1,
                  high: 0,
                  medium: 0,
                  low: 0,
                  unknown: 0,
                },
                scannedAt: new Date().toISOString(),
                artifact: null,
                digest: null,
                stale: false,
              },
              sbom: { components: 3, format: 'cyclonedx', generatedAt: null },
            },
            applicable: ['scan', 'sbom'],
            fixableFindings: [
              {
                id: 'CVE-2024-1',
                severity: 'critical',
                packageName: 'openssl',
                fixedVersion: '3.0.13',
              },
            ],
            exemptions: [],
            now: new Date(),
          }),
          missing: [],
        }}
      />,
    );
    expect(
      screen.getByText('Check: Fixable vulnerabilities'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/fixable-vulnerabilities/)).toBeNull();
  });
});

describe('PostureSummaryCard exploitability counts', () => {
  const scanned = gradedPosture(
    componentEntity('payments'),
    '2026-12-04T00:00:00Z',
  );

  it('counts known exploited, high EPSS and not affected findings, as text outside the tab', async () => {
    await render(
      <PostureSummaryCard
        posture={{
          ...scanned,
          vulnerabilities: {
            ...scanned.vulnerabilities!,
            kev: 1234,
            highEpss: 0,
            notAffected: 3,
          },
        }}
      />,
    );
    const counts = screen.getByRole('list', { name: 'Exploitability' });
    expect(
      within(counts)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'Known exploited: 1,234',
      'High EPSS: 0',
      'Not affected (VEX): 3',
    ]);
    // Without the tab's layout there is nowhere to lead to.
    expect(within(counts).queryByRole('button')).toBeNull();
  });

  it('shows no counts from a backend before exploitability, or before a scan', async () => {
    const { unmount } = await render(<PostureSummaryCard posture={scanned} />);
    expect(screen.queryByRole('list', { name: 'Exploitability' })).toBeNull();
    unmount();

    await render(
      <PostureSummaryCard posture={{ ...scanned, vulnerabilities: null }} />,
    );
    expect(screen.queryByRole('list', { name: 'Exploitability' })).toBeNull();
  });
});
