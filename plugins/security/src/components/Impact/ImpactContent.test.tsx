import type {
  Campaign,
  CampaignInput,
  ImpactListResponse,
  ImpactQuery,
} from '@posture/backstage-plugin-security-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import type { ImpactPageRequest } from '../../api/types';
import {
  campaign,
  impactItem,
  impactList,
  impactMatch,
} from '../../testing/impactFixtures';
import { onNarrowScreen } from '../../testing/narrowScreen';
import {
  backendError,
  currentLocation,
  renderSecurityPages,
} from '../SecurityPages/__testUtils__/renderSecurityPages';

const LOG4SHELL = '/security/impact?vulnerability=CVE-2021-44228';

/**
 * Log4Shell in three services of two teams: payments runs it in a scan finding and its SBOM,
 * checkout has it cleared by VEX, and search (storefront's) has no fix yet.
 */
const payments = impactItem({
  entityRef: 'component:default/payments',
  title: 'payments',
  owner: 'group:default/team-payments',
  system: 'system:default/checkout',
  lifecycle: 'production',
  matches: [
    impactMatch(),
    impactMatch({
      source: 'sbom',
      id: null,
      severity: null,
      fixedVersion: null,
      fixAvailable: false,
    }),
  ],
});
const checkout = impactItem({
  entityRef: 'component:default/checkout-api',
  title: 'checkout-api',
  owner: 'group:default/team-payments',
  system: null,
  lifecycle: 'experimental',
  matches: [impactMatch({ notAffected: true, installedVersion: '2.14.0' })],
});
const search = impactItem({
  entityRef: 'component:default/search',
  title: 'search',
  owner: 'group:default/team-storefront',
  system: 'system:default/discovery',
  matches: [impactMatch({ fixedVersion: null, fixAvailable: false })],
});

function log4shell(
  overrides: Partial<ImpactListResponse> = {},
): ImpactListResponse {
  return impactList({
    items: [payments, checkout, search],
    owners: [
      {
        ref: 'group:default/team-payments',
        title: 'Team Payments',
        entities: 2,
      },
      {
        ref: 'group:default/team-storefront',
        title: 'Team Storefront',
        entities: 1,
      },
    ],
    ...overrides,
  });
}

type GetImpact = (
  query: ImpactQuery,
  request?: ImpactPageRequest,
) => Promise<ImpactListResponse>;

function getImpactAnswering(answer: () => Promise<ImpactListResponse>) {
  return jest.fn<ReturnType<GetImpact>, Parameters<GetImpact>>(answer);
}

/** The text of each cell of the table's body rows. */
function rowTexts(table: HTMLElement): string[][] {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row =>
      Array.from(row.querySelectorAll('th, td')).map(
        cell => cell.textContent ?? '',
      ),
    );
}

describe('ImpactContent', () => {
  it('groups the affected services by owner, with the counts of the whole answer', async () => {
    const getImpact = getImpactAnswering(async () => log4shell());
    await renderSecurityPages(LOG4SHELL, { getImpact });

    expect(
      await screen.findByText('3 services in 2 teams'),
    ).toBeInTheDocument();
    expect(getImpact).toHaveBeenCalledWith(
      { vulnerability: 'CVE-2021-44228' },
      { sort: 'owner', order: 'asc', limit: 25 },
    );
    const results = screen.getByTestId('impact-results');
    const paymentsTeam = within(results).getByRole('region', {
      name: 'Team Payments',
    });
    expect(paymentsTeam).toHaveTextContent('2 services');
    expect(
      rowTexts(
        within(paymentsTeam).getByRole('table', {
          name: 'Services of Team Payments',
        }),
      ),
    ).toEqual([
      [
        'payments',
        'checkout',
        'production',
        'org.apache.logging.log4j:log4j-core',
        '2.14.1',
        '2.15.0',
        'Scan findingghcr.io/acme/payments',
        'CVE-2021-44228Critical',
      ],
      [
        'org.apache.logging.log4j:log4j-core',
        '2.14.1',
        'No fix',
        'SBOMghcr.io/acme/payments',
        '—',
      ],
      [
        'checkout-api',
        '—',
        'experimental',
        'org.apache.logging.log4j:log4j-core',
        '2.14.0',
        '2.15.0',
        'Scan findingghcr.io/acme/payments',
        'CVE-2021-44228CriticalNot affected (VEX)',
      ],
    ]);
    // The system by its name, the full ref in its tooltip.
    expect(within(paymentsTeam).getByText('checkout')).toHaveAttribute(
      'title',
      'system:default/checkout',
    );
    expect(results).not.toHaveTextContent('system:default');
    // A lifecycle is one short word: it never breaks mid-word ("produc/tion").
    expect(within(paymentsTeam).getByText('production')).toHaveStyle({
      whiteSpace: 'nowrap',
    });
    const storefront = within(results).getByRole('region', {
      name: 'Team Storefront',
    });
    expect(storefront).toHaveTextContent('1 service');
    expect(within(storefront).getByText('No fix')).toBeInTheDocument();
    // Each service links to its Security tab, by its title alone.
    expect(
      within(results)
        .getAllByRole('link')
        .map(link => [link.textContent, link.getAttribute('href')]),
    ).toEqual([
      ['payments', '/catalog/default/component/payments/security'],
      ['checkout-api', '/catalog/default/component/checkout-api/security'],
      ['search', '/catalog/default/component/search/security'],
    ]);
  });

  it('says how many of an owner’s services a page shows when the answer runs over pages', async () => {
    const getImpact = getImpactAnswering(async () =>
      log4shell({
        items: [payments, checkout],
        totalCount: 60,
        nextCursor: 'after-25',
        owners: [
          {
            ref: 'group:default/team-payments',
            title: 'Team Payments',
            entities: 40,
          },
          { ref: null, title: 'No owner', entities: 20 },
        ],
      }),
    );
    await renderSecurityPages(LOG4SHELL, { getImpact });

    expect(
      await screen.findByText('60 services in 2 teams'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Team Payments' }),
    ).toHaveTextContent('40 services, 2 on this page');

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));

    await waitFor(() =>
      expect(getImpact).toHaveBeenLastCalledWith(
        { vulnerability: 'CVE-2021-44228' },
        { sort: 'owner', order: 'asc', limit: 25, cursor: 'after-25' },
      ),
    );
  });

  it('folds an owner’s services away and back', async () => {
    await renderSecurityPages(LOG4SHELL, {
      getImpact: async () => log4shell(),
    });
    const team = await screen.findByRole('region', { name: 'Team Storefront' });
    const toggle = within(team).getByRole('button', {
      name: 'Team Storefront',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');

    await userEvent.click(toggle);

    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(within(team).queryByText('search')).not.toBeInTheDocument();
  });

  it('asks again with the sort picked, from the first page', async () => {
    const getImpact = getImpactAnswering(async () => log4shell());
    await renderSecurityPages(`${LOG4SHELL}&cursor=after-25`, { getImpact });
    await screen.findByText('3 services in 2 teams');

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Sort by' }),
      'Most matches',
    );

    await waitFor(() =>
      expect(getImpact).toHaveBeenLastCalledWith(
        { vulnerability: 'CVE-2021-44228' },
        { sort: 'matches', order: 'desc', limit: 25 },
      ),
    );
    expect(currentLocation()).toBe(
      '/security/impact?vulnerability=CVE-2021-44228&sort=matches',
    );
  });

  it('searches for a package with its ecosystem and range on Enter, the search in the URL', async () => {
    const getImpact = getImpactAnswering(async () => log4shell());
    await renderSecurityPages('/security/impact', { getImpact });
    expect(
      screen.getByText(/to see every service that runs it/),
    ).toBeInTheDocument();
    expect(getImpact).not.toHaveBeenCalled();
    const form = screen.getByRole('search', { name: 'Where do we run it?' });

    await userEvent.selectOptions(
      within(form).getByRole('combobox', { name: 'Search for' }),
      'Package',
    );
    await userEvent.selectOptions(
      within(form).getByRole('combobox', { name: 'Ecosystem' }),
      'Maven',
    );
    const version = within(form).getByRole('textbox', {
      name: 'Version or range',
    });
    expect(version).toHaveAccessibleDescription(
      'e.g. <2.17.1; semver for npm, Go, Cargo, PEP 440 for PyPI',
    );
    await userEvent.type(version, '<2.17.1');
    await userEvent.type(
      within(form).getByRole('textbox', { name: /Package name/ }),
      'log4j-core{Enter}',
    );

    await waitFor(() =>
      expect(getImpact).toHaveBeenCalledWith(
        { package: 'log4j-core', ecosystem: 'maven', version: '<2.17.1' },
        { sort: 'owner', order: 'asc', limit: 25 },
      ),
    );
    expect(currentLocation()).toBe(
      '/security/impact?package=log4j-core&ecosystem=maven&version=%3C2.17.1',
    );
  });

  it('shows the backend’s refusal of a range by the version field', async () => {
    const message = 'version ranges cannot be judged for deb versions';
    const error = await backendError(400, 'InputError', message);
    await renderSecurityPages(
      '/security/impact?package=libc-bin&ecosystem=deb&version=%3C2.37',
      { getImpact: () => Promise.reject(error) },
    );

    const version = await screen.findByRole('textbox', {
      name: 'Version or range',
    });
    await waitFor(() => expect(version).toHaveAccessibleDescription(message));
    expect(version).toBeInvalid();
    expect(version).toHaveValue('<2.37');
    expect(screen.getByRole('textbox', { name: /Package name/ })).toBeValid();
    expect(screen.queryByTestId('impact-results')).not.toBeInTheDocument();
  });

  it('shows a refused purl by the value field', async () => {
    const message = 'purl is not a package URL: missing the pkg: scheme';
    const error = await backendError(400, 'InputError', message);
    await renderSecurityPages('/security/impact?purl=maven%2Flog4j', {
      getImpact: () => Promise.reject(error),
    });

    const value = await screen.findByRole('textbox', { name: /Package URL/ });
    await waitFor(() => expect(value).toHaveAccessibleDescription(message));
    expect(value).toBeInvalid();
  });

  it('says when no service the user can see runs it', async () => {
    await renderSecurityPages('/security/impact?image=ghcr.io%2Facme%2Fold', {
      getImpact: async query => impactList({ items: [], owners: [], query }),
    });

    expect(
      await screen.findByText('No service you can see runs ghcr.io/acme/old.'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('impact-results')).not.toBeInTheDocument();
  });

  it('shows a failure other than a refused field with a retry', async () => {
    const error = await backendError(500, 'Error', 'database unavailable');
    const getImpact = jest
      .fn<ReturnType<GetImpact>, Parameters<GetImpact>>()
      .mockRejectedValueOnce(error)
      .mockResolvedValue(log4shell());
    await renderSecurityPages(LOG4SHELL, { getImpact });

    expect(
      await screen.findByText(
        'Error: Could not load the affected services: database unavailable',
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(
      await screen.findByText('3 services in 2 teams'),
    ).toBeInTheDocument();
  });

  it('exports the same query as CSV, in the page’s order', async () => {
    const downloadImpactCsv = jest.fn(
      async () => new Blob(['entityRef\n'], { type: 'text/csv' }),
    );
    Object.assign(URL, {
      createObjectURL: jest.fn(() => 'blob:impact'),
      revokeObjectURL: jest.fn(),
    });
    const savedAs: string[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function recordDownload(this: HTMLAnchorElement) {
        savedAs.push(this.download);
      });
    await renderSecurityPages(
      '/security/impact?package=log4j-core&ecosystem=maven&version=%3C2.17.1',
      { getImpact: async () => log4shell(), downloadImpactCsv },
    );
    await screen.findByText('3 services in 2 teams');

    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));

    await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
    expect(downloadImpactCsv).toHaveBeenCalledWith(
      { package: 'log4j-core', ecosystem: 'maven', version: '<2.17.1' },
      { sort: 'owner', order: 'asc' },
    );
    expect(savedAs).toEqual([
      expect.stringMatching(
        /^impact-log4j-core_2\.17\.1_maven-\d{4}-\d{2}-\d{2}\.csv$/,
      ),
    ]);
    click.mockRestore();
  });

  it('links to the campaigns', async () => {
    await renderSecurityPages(LOG4SHELL, {
      getImpact: async () => log4shell(),
    });

    expect(
      await screen.findByRole('link', { name: 'Campaigns' }),
    ).toHaveAttribute('href', '/security/campaigns');
  });

  describe('Save as campaign', () => {
    type CreateCampaign = (input: CampaignInput) => Promise<Campaign>;

    async function openDialog(createCampaign: CreateCampaign) {
      await renderSecurityPages(
        '/security/impact?package=log4j-core&ecosystem=maven&version=%3C2.17',
        { getImpact: async () => log4shell(), createCampaign },
      );
      await screen.findByText('3 services in 2 teams');
      // By its text: a role query weighs every button of the page's tables.
      await userEvent.click(
        screen.getByText('Save as campaign').closest('button')!,
      );
      return screen.getByRole('dialog', { name: 'Save as campaign' });
    }

    it('saves the query with a title, a deadline a month away and a note, then opens the campaign', async () => {
      const createCampaign = jest.fn<
        ReturnType<CreateCampaign>,
        Parameters<CreateCampaign>
      >(async input => campaign({ id: 'c-42', ...input }));
      const dialog = await openDialog(createCampaign);
      const title = within(dialog).getByRole('textbox', { name: /Title/ });
      // Focus starts in the dialog, on its first field.
      expect(title).toHaveFocus();
      expect(title).toHaveValue('log4j-core <2.17 (maven) gone');
      expect(within(dialog).getByLabelText(/Deadline/)).toHaveValue(
        DateTime.local().plus({ days: 30 }).toISODate(),
      );

      await userEvent.clear(title);
      await userEvent.paste('log4j-core below 2.17 gone by 31 January');
      await userEvent.click(
        within(dialog).getByRole('textbox', { name: 'Note' }),
      );
      await userEvent.paste('Upgrade to 2.17.1.');
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Save' }),
      );

      await waitFor(() =>
        expect(currentLocation()).toBe('/security/campaigns/c-42'),
      );
      expect(createCampaign).toHaveBeenCalledWith({
        title: 'log4j-core below 2.17 gone by 31 January',
        deadline: DateTime.local().plus({ days: 30 }).toISODate(),
        note: 'Upgrade to 2.17.1.',
        query: { package: 'log4j-core', ecosystem: 'maven', version: '<2.17' },
      });
    });

    it('says which permission is missing when the backend refuses, and keeps what was typed', async () => {
      const error = await backendError(403, 'NotAllowedError', 'Unauthorized');
      const dialog = await openDialog(() => Promise.reject(error));
      await userEvent.type(
        within(dialog).getByRole('textbox', { name: 'Note' }),
        'Upgrade.',
      );

      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Save' }),
      );

      expect(await within(dialog).findByRole('alert')).toHaveTextContent(
        'Not saved: You need the security.campaign.manage permission',
      );
      expect(within(dialog).getByRole('textbox', { name: 'Note' })).toHaveValue(
        'Upgrade.',
      );
      expect(currentLocation()).toMatch(/^\/security\/impact\?/);
    });

    it('asks for a title and a deadline that has not passed before sending anything', async () => {
      const createCampaign = jest.fn<
        ReturnType<CreateCampaign>,
        Parameters<CreateCampaign>
      >();
      const dialog = await openDialog(createCampaign);
      await userEvent.clear(
        within(dialog).getByRole('textbox', { name: /Title/ }),
      );
      const deadline = within(dialog).getByLabelText(/Deadline/);
      await userEvent.clear(deadline);
      await userEvent.type(deadline, '2020-01-31');

      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Save' }),
      );

      expect(
        within(dialog).getByRole('textbox', { name: /Title/ }),
      ).toHaveAccessibleDescription('Between 3 and 200 characters (0 now).');
      expect(deadline).toHaveAccessibleDescription('Today or later.');
      expect(createCampaign).not.toHaveBeenCalled();
    });
  });

  describe('on a phone', () => {
    onNarrowScreen();

    it('lists each service as a card with its matches', async () => {
      await renderSecurityPages(LOG4SHELL, {
        getImpact: async () => log4shell(),
      });

      const cards = await screen.findByRole('list', {
        name: 'Services of Team Payments',
      });
      const [first] = within(cards).getAllByRole('listitem');
      expect(within(first).getByRole('link')).toHaveTextContent('payments');
      expect(first).toHaveTextContent('Systemcheckout');
      expect(within(first).getByText('checkout')).toHaveAttribute(
        'title',
        'system:default/checkout',
      );
      expect(first).toHaveTextContent('Fixed in2.15.0');
      expect(first).toHaveTextContent('Fixed inNo fix');
    });
  });
});
