import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type {
  CheckResult,
  VulnerabilityItem,
} from '@posture/backstage-plugin-security-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { securityApiRef } from '../../api/SecurityApi';
import { SecurityClient } from '../../api/SecurityClient';
import { checkResult, exemption } from '../../testing/exemptionFixtures';
import { epssMark, kevMark } from '../../testing/exploitFixtures';
import { vulnerability } from '../../testing/fixtures';
import { RequestExemptionDialog } from './RequestExemptionDialog';

const ENTITY = 'component:default/payments';
const baseUrl = 'http://backstage.test/api/security';
const findingsUrl = `${baseUrl}/v1/entities/component/default/payments/vulnerabilities`;

const server = setupServer();
registerMswTestHooks(server);

const discoveryApi: DiscoveryApi = {
  getBaseUrl: async pluginId => `http://backstage.test/api/${pluginId}`,
};
const fetchApi: FetchApi = { fetch: (input, init) => fetch(input, init) };

const knownExploited = checkResult({
  check: 'known-exploited',
  status: 'fail',
  weight: 30,
  gate: true,
  message: '2 known-exploited vulnerabilities have a fix',
  fix: 'Upgrade log4j-core to 2.17.1 (CVE-2021-44228, in CISA KEV since 2021-12-10) first, rebuild and rescan.',
  target: 'findings',
  filter: { kev: true, fixable: true },
});
const exploitLikelihood = checkResult({
  check: 'exploit-likelihood',
  status: 'fail',
  weight: 20,
  message: '1 finding has an EPSS score of 0.5 or more',
  target: 'findings',
  filter: { minEpss: 0.5 },
});

const log4j = vulnerability({
  id: 'CVE-2021-44228',
  packageName: 'log4j-core',
  installedVersion: '2.14.1',
  fixedVersion: '2.17.1',
  kev: kevMark(),
  epss: epssMark({ score: 0.97548, percentile: 0.99996 }),
});
const log4jApi = vulnerability({
  ...log4j,
  packageName: 'log4j-api',
  installedVersion: '2.14.1',
});
const sudo = vulnerability({
  id: 'CVE-2023-22809',
  packageName: 'sudo',
  installedVersion: '1.9.12',
  fixedVersion: '1.9.12p2',
  kev: kevMark({ dateAdded: '2023-05-01', ransomware: false }),
  epss: null,
});

/** Serves the findings and records each request; answers a POSTed exemption as pending. */
function serve(findings: VulnerabilityItem[]) {
  const seen: { findingQueries: URLSearchParams[]; posted: unknown[] } = {
    findingQueries: [],
    posted: [],
  };
  server.use(
    http.get(findingsUrl, ({ request }) => {
      seen.findingQueries.push(new URL(request.url).searchParams);
      return HttpResponse.json({
        items: findings,
        totalCount: findings.length,
      });
    }),
    http.post(`${baseUrl}/v1/exemptions`, async ({ request }) => {
      const body = (await request.json()) as Record<string, string>;
      seen.posted.push(body);
      return HttpResponse.json(
        exemption({
          check: body.check as CheckResult['check'],
          findingId: body.findingId ?? null,
          expiresAt: body.expiresAt,
        }),
        { status: 201 },
      );
    }),
  );
  return seen;
}

async function openDialog(check: CheckResult, onRequested = jest.fn()) {
  await renderInTestApp(
    <TestApiProvider
      apis={[[securityApiRef, new SecurityClient({ discoveryApi, fetchApi })]]}
    >
      <RequestExemptionDialog
        open
        entityRef={ENTITY}
        check={check}
        maxDays={90}
        onClose={() => {}}
        onRequested={onRequested}
      />
    </TestApiProvider>,
  );
  return screen.findByRole('dialog');
}

async function justify(dialog: HTMLElement, text: string) {
  await userEvent.click(within(dialog).getByLabelText(/Justification/));
  await userEvent.paste(text);
}

describe('RequestExemptionDialog, finding exemptions', () => {
  it('exempts one known-exploited finding picked from the check’s KEV findings', async () => {
    const seen = serve([log4j, log4jApi, sudo]);
    const onRequested = jest.fn();
    const dialog = await openDialog(knownExploited, onRequested);

    const field = within(dialog).getByLabelText('Finding id (optional)');
    expect(
      await within(dialog).findByText(
        /Pick one of the 2 findings this check counts, riskiest first/,
      ),
    ).toBeInTheDocument();
    // The check's own filter, riskiest first: what its reason lists.
    expect(seen.findingQueries).toHaveLength(1);
    expect(seen.findingQueries[0].get('kev')).toBe('true');
    expect(seen.findingQueries[0].get('fixable')).toBe('true');
    expect(seen.findingQueries[0].get('sort')).toBe('risk');
    expect(seen.findingQueries[0].has('minEpss')).toBe(false);

    await userEvent.click(field);
    const options = await screen.findAllByRole('option');
    // One option per vulnerability id, its packages together.
    expect(options.map(o => o.textContent)).toEqual([
      'CVE-2021-44228Known exploited · EPSS 97.5% · log4j-core 2.14.1, log4j-api 2.14.1',
      'CVE-2023-22809Known exploited · sudo 1.9.12',
    ]);
    await userEvent.click(options[1]);
    expect(field).toHaveValue('CVE-2023-22809');

    await justify(dialog, 'sudoedit is not installed in the runtime image');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request exemption' }),
    );

    await waitFor(() => expect(onRequested).toHaveBeenCalled());
    expect(seen.posted).toEqual([
      expect.objectContaining({
        entityRef: ENTITY,
        check: 'known-exploited',
        findingId: 'CVE-2023-22809',
        justification: 'sudoedit is not installed in the runtime image',
      }),
    ]);
    expect(onRequested.mock.calls[0][0]).toMatchObject({
      check: 'known-exploited',
      findingId: 'CVE-2023-22809',
    });
  });

  it('lists the exploit-likelihood check’s findings at or above its EPSS threshold', async () => {
    const seen = serve([log4j]);
    const dialog = await openDialog(exploitLikelihood);

    expect(
      await within(dialog).findByText(
        /Pick one of the 1 finding this check counts/,
      ),
    ).toBeInTheDocument();
    expect(seen.findingQueries[0].get('minEpss')).toBe('0.5');
    expect(seen.findingQueries[0].has('kev')).toBe(false);

    await userEvent.click(
      within(dialog).getByLabelText('Finding id (optional)'),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: /CVE-2021-44228/ }),
    );
    await justify(dialog, 'JNDI lookups are disabled by the JVM flag');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request exemption' }),
    );
    await waitFor(() =>
      expect(seen.posted).toEqual([
        expect.objectContaining({
          check: 'exploit-likelihood',
          findingId: 'CVE-2021-44228',
        }),
      ]),
    );
  });

  it('takes a typed id the list does not offer, and says when the findings cannot be listed', async () => {
    const seen = serve([]);
    server.use(
      http.get(findingsUrl, () =>
        HttpResponse.json(
          {
            error: { name: 'Error', message: 'The database is unavailable' },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
    );
    const dialog = await openDialog(knownExploited);
    expect(
      await within(dialog).findByText(
        /Could not list the findings this check counts \(.*The database is unavailable.*\)\. Type a vulnerability id/,
      ),
    ).toBeInTheDocument();

    await userEvent.click(
      within(dialog).getByLabelText('Finding id (optional)'),
    );
    await userEvent.paste(' CVE-2024-3094 ');
    await justify(dialog, 'xz is not in the shipped image at all');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request exemption' }),
    );
    await waitFor(() =>
      expect(seen.posted).toEqual([
        expect.objectContaining({
          check: 'known-exploited',
          findingId: 'CVE-2024-3094',
        }),
      ]),
    );
  });

  it('exempts the whole check when no finding is named', async () => {
    const seen = serve([sudo]);
    const dialog = await openDialog(knownExploited);
    await within(dialog).findByText(/Pick one of the 1 finding/);
    await justify(dialog, 'The base image upgrade lands next sprint');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request exemption' }),
    );
    await waitFor(() => expect(seen.posted).toHaveLength(1));
    expect(seen.posted[0]).not.toHaveProperty('findingId');
    expect(seen.posted[0]).toMatchObject({ check: 'known-exploited' });
  });

  it('offers no finding for a check that is exempted whole', async () => {
    const seen = serve([sudo]);
    const dialog = await openDialog(
      checkResult({ check: 'signature', status: 'fail' }),
    );
    expect(
      within(dialog).queryByLabelText('Finding id (optional)'),
    ).not.toBeInTheDocument();
    expect(seen.findingQueries).toHaveLength(0);
  });
});
