import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { EntityPosture } from '@posture/backstage-plugin-security-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import { securityApiRef, type SecurityApi } from '../../api/SecurityApi';
import { fakeSecurityApi } from '../../testing/fakeSecurityApi';
import {
  componentEntity,
  emptyPosture,
  gradedPosture,
  report,
  sbomComponent,
  secretItem,
  secretsSummary,
  signatureSummary,
  vulnerability,
} from '../../testing/fixtures';
import { EntitySecurityContent } from './EntitySecurityContent';

const payments = componentEntity('payments');

function renderTab(
  entity: Entity,
  getPosture: SecurityApi['getPosture'],
  overrides: Partial<SecurityApi> = {},
) {
  const securityApi = fakeSecurityApi({ getPosture, ...overrides });
  return renderInTestApp(
    <TestApiProvider apis={[[securityApiRef, securityApi]]}>
      <EntityProvider entity={entity}>
        <EntitySecurityContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

async function forbidden(): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: {
          name: 'NotAllowedError',
          message:
            'Not allowed to read the security posture of component:default/payments',
        },
        response: { statusCode: 403 },
      }),
      {
        status: 403,
        statusText: 'Forbidden',
        headers: { 'content-type': 'application/json' },
      },
    ),
  );
}

describe('EntitySecurityContent', () => {
  it('shows progress while the posture loads', async () => {
    await renderTab(payments, () => new Promise<EntityPosture>(() => {}));

    expect(await screen.findByTestId('security-tab')).toBeInTheDocument();
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('asks for the posture of the entity on the page', async () => {
    const getPosture = jest.fn(async () => emptyPosture(payments));
    await renderTab(payments, getPosture);

    await screen.findByText(/No security data yet/);
    expect(getPosture).toHaveBeenCalledWith('component:default/payments');
  });

  it('shows the backend error message and lets the user retry', async () => {
    const error = await forbidden();
    const getPosture = jest
      .fn<Promise<EntityPosture>, [string]>()
      .mockRejectedValueOnce(error)
      .mockResolvedValueOnce(emptyPosture(payments));
    await renderTab(payments, getPosture);

    // In the panel's title, not only behind its expander.
    expect(
      await screen.findByText(
        'Error: Could not load the security posture: Not allowed to read the security posture of component:default/payments',
      ),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(
      await screen.findByText('No security data yet for payments'),
    ).toBeInTheDocument();
    expect(getPosture).toHaveBeenCalledTimes(2);
  });

  it('shows why a request failed when the backend could not be reached', async () => {
    await renderTab(payments, async () => {
      throw new TypeError('Failed to fetch');
    });

    expect(
      await screen.findByText(
        'Error: Could not load the security posture: Failed to fetch',
      ),
    ).toBeInTheDocument();
  });

  it('explains the missing annotations without calling the backend', async () => {
    const getPosture = jest.fn(async () => emptyPosture(payments));
    await renderTab(componentEntity('legacy-batch', {}), getPosture);

    const tab = await screen.findByTestId('security-tab');
    expect(tab).toHaveTextContent('Missing Annotation');
    expect(tab).toHaveTextContent('posture.dev/image');
    expect(tab).toHaveTextContent('vault.io/secrets-path');
    expect(getPosture).not.toHaveBeenCalled();
  });

  it('shows how to upload a Trivy report when nothing has been ingested', async () => {
    await renderTab(payments, async () => emptyPosture(payments));

    const tab = await screen.findByTestId('security-tab');
    expect(
      await screen.findByText('No security data yet for payments'),
    ).toBeInTheDocument();
    expect(tab).toHaveTextContent('docs/uploading-reports.md');
    expect(tab).toHaveTextContent(
      'curl -X POST "$BACKSTAGE_URL/api/security/v1/reports?entityRef=component:default/payments"',
    );
    expect(tab).toHaveTextContent(
      '-H "Authorization: Bearer $POSTURE_UPLOAD_TOKEN"',
    );
    expect(tab).toHaveTextContent('--data-binary @trivy-report.json');
    expect(tab).not.toHaveTextContent('Security posture');
  });

  it('offers a GitHub Actions job and points to the ready-made ones', async () => {
    await renderTab(payments, async () => emptyPosture(payments));

    const tab = await screen.findByTestId('security-tab');
    await screen.findByText('No security data yet for payments');
    expect(tab).toHaveTextContent('examples/ci');
    expect(tab).toHaveTextContent('uses: aquasecurity/trivy-action@0.28.0');
    expect(tab).toHaveTextContent(
      'image-ref: ghcr.io/acme/payments:${{ github.sha }}',
    );
    expect(tab).toHaveTextContent('format: json');
    expect(tab).toHaveTextContent('output: trivy-report.json');
    expect(tab).toHaveTextContent(
      'POSTURE_UPLOAD_TOKEN: ${{ secrets.POSTURE_UPLOAD_TOKEN }}',
    );
  });

  it('lays out the overview, then the findings, then the SBOM', async () => {
    const scannedAt = DateTime.now().minus({ days: 3 }).toISO()!;
    const listVulnerabilities = jest.fn(async () => ({
      items: [vulnerability()],
      totalCount: 2734,
      nextCursor: 'c1',
    }));
    const listSbom = jest.fn(async () => ({
      items: [sbomComponent()],
      totalCount: 214,
      licenses: [{ license: 'Apache-2.0', count: 214 }],
    }));
    const listReports = jest.fn(async () => ({
      items: [report({ format: 'trivy', otherFindings: { secrets: 2 } })],
      totalCount: 1,
    }));
    await renderTab(payments, async () => gradedPosture(payments, scannedAt), {
      listVulnerabilities,
      listSbom,
      listReports,
    });

    // The overview first, with the findings and the SBOM one tab away, in that order.
    expect(await screen.findByText('Security posture')).toBeVisible();
    expect(await screen.findByText('2 secrets')).toBeInTheDocument();
    const sections = screen.getByRole('tablist', { name: 'Security sections' });
    expect(
      within(sections)
        .getAllByRole('tab')
        .map(tab => tab.textContent),
    ).toEqual(['Overview', 'Findings (19)', 'SBOM (214)']);

    await userEvent.click(screen.getByRole('tab', { name: 'Findings (19)' }));
    const findings = await screen.findByTestId('vulnerabilities-table');
    expect(await within(findings).findByText('CVE-2019-14697')).toBeVisible();
    expect(findings).toHaveTextContent('Vulnerabilities (2,734)');
    expect(screen.queryByText('Security posture')).toBeNull();

    await userEvent.click(screen.getByRole('tab', { name: 'SBOM (214)' }));
    const sbom = await screen.findByTestId('sbom-table');
    expect(await within(sbom).findByText('openssl')).toBeVisible();
    expect(sbom).toHaveTextContent('Software bill of materials (214)');
    expect(screen.queryByTestId('vulnerabilities-table')).toBeNull();
    expect(listVulnerabilities).toHaveBeenCalledWith(
      'component:default/payments',
      expect.objectContaining({ limit: 25 }),
    );
    expect(listReports).toHaveBeenCalledTimes(1);
  });

  it('leaves out the tables of sections that have not reported', async () => {
    const listVulnerabilities = jest.fn(async () => ({
      items: [],
      totalCount: 0,
    }));
    const listReports = jest.fn(async () => ({ items: [], totalCount: 0 }));
    await renderTab(
      payments,
      async () => ({
        ...emptyPosture(payments),
        secrets: {
          total: 1,
          overdue: 0,
          dueSoon: 0,
          oldestAgeDays: 10,
          checkedAt: null,
          stale: false,
        },
      }),
      { listVulnerabilities, listReports },
    );

    await screen.findByText('Security posture');
    expect(screen.queryByTestId('vulnerabilities-table')).toBeNull();
    expect(screen.queryByTestId('sbom-table')).toBeNull();
    expect(
      screen.getByText(/Scan the image with Trivy in CI/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Upload a CycloneDX or SPDX SBOM/),
    ).toBeInTheDocument();
    expect(listVulnerabilities).not.toHaveBeenCalled();
    expect(listReports).not.toHaveBeenCalled();
  });

  it('shows the grade, reasons and vulnerability counts when data is present', async () => {
    const scannedAt = DateTime.now().minus({ days: 3 }).toISO()!;
    await renderTab(payments, async () => gradedPosture(payments, scannedAt));

    expect(await screen.findByText('Security posture')).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'Grade D' })).toHaveTextContent('D');
    expect(screen.getByText('Score 58 / 100')).toBeInTheDocument();
    expect(
      screen.getByText('2 critical vulnerabilities have a fix available'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Fix: Upgrade openssl to 3.0.15 and rebuild the image'),
    ).toBeInTheDocument();

    expect(screen.getByText('2 Critical')).toBeInTheDocument();
    expect(screen.getByText('5 High')).toBeInTheDocument();
    expect(screen.getByText('11 Medium')).toBeInTheDocument();
    expect(screen.getByText('0 Low')).toBeInTheDocument();
    expect(screen.getByText('1 Unknown')).toBeInTheDocument();
    expect(
      screen.getByText('5 of 19 (2 critical, 3 high)', { exact: false }),
    ).toBeInTheDocument();
    expect(screen.getAllByText('3 days ago')).not.toHaveLength(0);
    expect(screen.getByText('ghcr.io/acme/payments:1.4.2')).toBeInTheDocument();
    expect(screen.getByText('sha256:4b82…c5d4')).toBeInTheDocument();
    expect(screen.getByText('214')).toBeInTheDocument();
    expect(screen.queryByText(/No security data yet/)).not.toBeInTheDocument();
  });

  it('marks each source that has not reported yet', async () => {
    const scannedAt = DateTime.now().minus({ hours: 1 }).toISO()!;
    await renderTab(payments, async () => gradedPosture(payments, scannedAt));

    await screen.findByText('Security posture');
    // Signature and secrets are null in the fixture; vulnerabilities and SBOM are not.
    // The entity declares no Vault secrets, so that card says how to declare them instead.
    expect(screen.getAllByText('Not reported yet')).toHaveLength(1);
    expect(screen.getByTestId('secrets-card')).toHaveTextContent(
      'vault.io/secrets-path',
    );
  });

  it('says "Not graded" and reports secrets when only secrets are known', async () => {
    await renderTab(payments, async () => ({
      ...emptyPosture(payments),
      secrets: {
        total: 4,
        overdue: 1,
        dueSoon: 2,
        oldestAgeDays: 400,
        checkedAt: null,
        stale: true,
      },
    }));

    expect(await screen.findByText('Not graded')).toBeInTheDocument();
    expect(screen.getByTestId('secrets-summary')).toHaveTextContent(
      '4 secrets · 1 overdue · 2 due soon · oldest current value 400 days',
    );
    expect(
      screen.getByText(/Vault could not be reached at the last check/),
    ).toBeInTheDocument();
    expect(screen.getAllByText('Not reported yet')).toHaveLength(3);
  });

  it('warns when the image is signed by someone unexpected', async () => {
    await renderTab(payments, async () => ({
      ...emptyPosture(payments),
      signature: signatureSummary({
        status: 'unexpected-signer',
        signer: {
          issuer: 'https://token.actions.githubusercontent.com',
          subject:
            'https://github.com/someone-else/fork/.github/workflows/release.yml',
        },
        checkedAt: null,
      }),
    }));

    expect(
      await screen.findByText('Signed by an unexpected identity'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'https://github.com/someone-else/fork/.github/workflows/release.yml',
      ),
    ).toBeInTheDocument();
  });

  it('offers to check Vault now for an entity whose only source is Vault', async () => {
    const vaultOnly = componentEntity('ledger', {
      'vault.io/secrets-path': 'ledger/',
    });
    const getPosture = jest
      .fn<Promise<EntityPosture>, [string]>()
      .mockResolvedValueOnce(emptyPosture(vaultOnly))
      .mockResolvedValue({
        ...emptyPosture(vaultOnly),
        secrets: secretsSummary({ total: 1 }),
      });
    const refresh = jest.fn(async () => ({
      refreshed: ['vault'],
      errors: {},
    }));
    await renderTab(vaultOnly, getPosture, {
      refresh,
      listSecrets: async () => ({
        items: [secretItem({ path: 'ledger/api-key' })],
        totalCount: 1,
      }),
    });

    const card = await screen.findByTestId('secrets-card');
    expect(within(card).getByText('Not reported yet')).toBeInTheDocument();
    expect(screen.getByText('No security data yet for ledger')).toBeVisible();

    await userEvent.click(
      within(card).getByRole('button', { name: 'Check now' }),
    );

    expect(await screen.findByText('ledger/api-key')).toBeInTheDocument();
    expect(screen.getByTestId('secrets-summary')).toHaveTextContent('1 secret');
    expect(screen.queryByText(/No security data yet/)).toBeNull();
    expect(refresh).toHaveBeenCalledWith('component:default/ledger');
    expect(getPosture).toHaveBeenCalledTimes(2);
  });

  it('updates the overview after "Check now" without reloading the whole tab', async () => {
    const scannedAt = DateTime.now().minus({ days: 3 }).toISO()!;
    const before = {
      ...gradedPosture(payments, scannedAt),
      secrets: secretsSummary({ total: 1, overdue: 1 }),
    };
    const after = {
      ...before,
      grade: 'B' as const,
      secrets: secretsSummary({ total: 1, overdue: 0 }),
    };
    const getPosture = jest
      .fn<Promise<EntityPosture>, [string]>()
      .mockResolvedValueOnce(before)
      .mockResolvedValue(after);
    await renderTab(payments, getPosture);

    const summary = await screen.findByTestId('secrets-summary');
    expect(summary).toHaveTextContent('1 secret · 1 overdue');
    expect(screen.getByRole('img', { name: 'Grade D' })).toBeInTheDocument();

    await userEvent.click(
      within(screen.getByTestId('secrets-card')).getByRole('button', {
        name: 'Check now',
      }),
    );

    expect(
      await screen.findByRole('img', { name: 'Grade B' }),
    ).toBeInTheDocument();
    // The same element: the card stayed mounted while the posture reloaded.
    expect(screen.getByTestId('secrets-summary')).toBe(summary);
    expect(summary).toHaveTextContent('1 secret · 0 overdue');
  });

  it('shows the signature verdict once "Check now" on the Signature card finds one', async () => {
    const scannedAt = DateTime.now().minus({ days: 3 }).toISO()!;
    const before = gradedPosture(payments, scannedAt);
    const getPosture = jest
      .fn<Promise<EntityPosture>, [string]>()
      .mockResolvedValueOnce(before)
      .mockResolvedValue({ ...before, signature: signatureSummary() });
    const refresh = jest.fn(async () => ({
      refreshed: ['rekor'],
      errors: {},
    }));
    await renderTab(payments, getPosture, { refresh });

    const card = await screen.findByTestId('signature-card');
    expect(card).toHaveAttribute('data-status', 'not-reported');
    // Signed for the digest of the latest scan.
    expect(card).toHaveTextContent(
      `ghcr.io/acme/payments@${before.vulnerabilities!.digest}`,
    );

    await userEvent.click(
      within(card).getByRole('button', { name: 'Check now' }),
    );

    await waitFor(() =>
      expect(card).toHaveAttribute('data-status', 'verified'),
    );
    expect(within(card).getByText('Verified')).toBeInTheDocument();
    expect(refresh).toHaveBeenCalledWith('component:default/payments');
  });
});
