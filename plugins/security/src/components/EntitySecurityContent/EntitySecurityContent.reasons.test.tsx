import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  EntityPosture,
  ListResponse,
  VulnerabilityItem,
} from '@posture/backstage-plugin-security-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import { securityApiRef } from '../../api/SecurityApi';
import type { VulnerabilityQuery } from '../../api/types';
import { fakeSecurityApi } from '../../testing/fakeSecurityApi';
import {
  componentEntity,
  gradedPosture,
  secretsSummary,
  signatureSummary,
  vulnerability,
} from '../../testing/fixtures';
import { EntitySecurityContent } from './EntitySecurityContent';

const payments = componentEntity('payments', {
  'posture.dev/image': 'ghcr.io/acme/payments',
  'vault.io/secrets-path': 'payments/',
});

function posture(): EntityPosture {
  const base = gradedPosture(
    payments,
    DateTime.now().minus({ days: 1 }).toISO()!,
  );
  return {
    ...base,
    reasons: [
      {
        check: 'critical-vulnerabilities',
        message: '2 critical vulnerabilities (2 with a fix)',
        fix: 'Upgrade the 2 packages that have a fixed version, rebuild and rescan.',
        target: 'findings',
        filter: { severity: ['critical'], fixable: true },
      },
      {
        check: 'signature-missing',
        message: 'No verified signature or attestation for sha256:4b82…',
        fix: 'Sign or attest the image in CI with cosign (keyless).',
        target: 'signature',
      },
      {
        check: 'secret-rotation',
        message: '1 secret is overdue for rotation',
        fix: 'Rotate it.',
        target: 'secrets',
      },
    ],
    signature: signatureSummary({ status: 'unsigned' }),
    secrets: secretsSummary({ total: 1, overdue: 1 }),
  };
}

type ListFn = (
  ref: string,
  query: VulnerabilityQuery,
) => Promise<ListResponse<VulnerabilityItem>>;

async function renderTab() {
  const fixable = [
    vulnerability({ packageName: 'openssl', fixedVersion: '3.0.15' }),
    vulnerability({
      id: 'CVE-2',
      packageName: 'openssl',
      fixedVersion: '3.0.9',
    }),
    vulnerability({
      id: 'CVE-3',
      packageName: 'musl',
      fixedVersion: '1.1.20-r5',
    }),
    vulnerability({ id: 'CVE-4', packageName: 'zlib', fixedVersion: '1.3.1' }),
    vulnerability({ id: 'CVE-5', packageName: 'curl', fixedVersion: '8.5.0' }),
    vulnerability({ id: 'CVE-6', packageName: 'expat', fixedVersion: '2.6.0' }),
  ];
  const listVulnerabilities = jest.fn<ReturnType<ListFn>, Parameters<ListFn>>(
    async (_ref, query) =>
      query.fixable
        ? { items: fixable, totalCount: fixable.length }
        : { items: [vulnerability()], totalCount: 19 },
  );
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [
          securityApiRef,
          fakeSecurityApi({
            getPosture: async () => posture(),
            listVulnerabilities,
          }),
        ],
      ]}
    >
      <EntityProvider entity={payments}>
        <EntitySecurityContent />
      </EntityProvider>
    </TestApiProvider>,
  );
  await screen.findByText('Security posture');
  return { listVulnerabilities };
}

describe('reasons on the Security tab', () => {
  it('names the packages to upgrade and their fixed versions, with how many more', async () => {
    await renderTab();
    expect(
      await screen.findByText(
        'Upgrade openssl to 3.0.15, musl to 1.1.20-r5, zlib to 1.3.1 and 2 more packages.',
      ),
    ).toBeInTheDocument();
  });

  it('filters the findings to exactly the rows of a findings reason when clicked', async () => {
    const { listVulnerabilities } = await renderTab();

    await userEvent.click(
      screen.getByRole('button', {
        name: '2 critical vulnerabilities (2 with a fix)',
      }),
    );

    const table = await screen.findByTestId('vulnerabilities-table');
    expect(screen.getByRole('tab', { name: 'Findings (19)' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await waitFor(() =>
      expect(listVulnerabilities).toHaveBeenLastCalledWith(
        'component:default/payments',
        {
          severity: ['critical'],
          fixable: true,
          sort: 'risk',
          order: 'desc',
          limit: 25,
        },
      ),
    );
    expect(
      within(table).getByRole('button', { name: 'Critical (2)' }),
    ).toHaveAttribute('aria-pressed', 'true');
    expect(
      within(table).getByRole('checkbox', { name: 'Only fixable' }),
    ).toBeChecked();
    // Focus lands on the findings, so a keyboard user goes on from there.
    await waitFor(() => expect(screen.getByRole('tabpanel')).toHaveFocus());
  });

  it('opens a reason by keyboard', async () => {
    const { listVulnerabilities } = await renderTab();
    const reason = screen.getByRole('button', {
      name: '2 critical vulnerabilities (2 with a fix)',
    });
    reason.focus();
    await userEvent.keyboard('{Enter}');
    await screen.findByTestId('vulnerabilities-table');
    await waitFor(() =>
      expect(listVulnerabilities.mock.calls.at(-1)?.[1]).toEqual(
        expect.objectContaining({ severity: ['critical'], fixable: true }),
      ),
    );
  });

  it('takes signature and secrets reasons to their card', async () => {
    await renderTab();

    await userEvent.click(
      screen.getByRole('button', {
        name: 'No verified signature or attestation for sha256:4b82…',
      }),
    );
    const signature = document.getElementById('security-signature')!;
    await waitFor(() => expect(signature).toHaveFocus());
    expect(within(signature).getByTestId('signing-instructions')).toBeVisible();

    await userEvent.click(
      screen.getByRole('button', { name: '1 secret is overdue for rotation' }),
    );
    const secrets = document.getElementById('security-secrets')!;
    await waitFor(() => expect(secrets).toHaveFocus());
    expect(within(secrets).getByTestId('secrets-card')).toBeInTheDocument();
  });
});
