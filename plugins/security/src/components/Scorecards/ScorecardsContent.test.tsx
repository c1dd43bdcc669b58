import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { ScorecardPage } from '@posture/backstage-plugin-security-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import { securityApiRef, type SecurityApi } from '../../api/SecurityApi';
import type { ScorecardQuery } from '../../api/types';
import { fakeSecurityApi } from '../../testing/fakeSecurityApi';
import { onNarrowScreen } from '../../testing/narrowScreen';
import {
  gradeCounts,
  scorecardEntity,
  scorecardGroup,
  scorecardPage,
  trend,
} from '../../testing/scorecardFixtures';
import { ScorecardsContent } from './ScorecardsContent';

const platform = scorecardGroup({
  ref: 'group:default/platform',
  title: 'Platform',
  grades: gradeCounts({ A: 3, B: 1, F: 2 }),
  score: 71,
  checks: {
    'fixable-vulnerabilities': { passed: 3, failed: 2, missing: 0, exempt: 1 },
    sbom: { passed: 6, failed: 0, missing: 0, exempt: 0 },
  },
});
const storefront = scorecardGroup({
  ref: 'group:default/storefront',
  title: 'Storefront',
  grades: gradeCounts({ A: 1, C: 1, none: 1 }),
  score: 86,
  checks: {
    'fixable-vulnerabilities': { passed: 1, failed: 1, missing: 0, exempt: 0 },
    sbom: { passed: 1, failed: 0, missing: 1, exempt: 0 },
  },
});
const payments = scorecardEntity({
  entityRef: 'component:default/payments',
  title: 'Payments',
  grade: 'F',
  score: 35,
  failingChecks: ['fixable-vulnerabilities', 'sbom'],
  exemptions: 2,
  owner: 'group:default/platform',
});

/**
 * The whole fleet's numbers as the backend counts them: the two groups' 9 entities and one
 * with no owner (an F, missing its SBOM), which neither group counts.
 */
const wholeFleet = scorecardGroup({
  ref: '*',
  title: 'All entities',
  grades: gradeCounts({ A: 4, B: 1, C: 1, F: 3, none: 1 }),
  score: 72,
  checks: {
    'fixable-vulnerabilities': { passed: 4, failed: 4, missing: 0, exempt: 1 },
    sbom: { passed: 7, failed: 0, missing: 2, exempt: 0 },
  },
});

/** The fleet by owner: two top-level groups, two days of trend. */
function fleet(overrides: Partial<ScorecardPage> = {}): ScorecardPage {
  return scorecardPage({
    group: wholeFleet,
    groups: [storefront, platform],
    entities: [payments],
    totalEntities: 10,
    trend: trend(2, i => ({
      grades: gradeCounts({ A: 3 + i, B: 1, C: 1, F: 2, none: 1 }),
      score: 70 + i,
    })),
    ...overrides,
  });
}

type GetScorecards = SecurityApi['getScorecards'];

function Location() {
  const location = useLocation();
  return <output data-testid="location">{location.search}</output>;
}

function renderPage(
  api: Partial<SecurityApi> & { getScorecards: GetScorecards },
  url = '/security',
) {
  return renderInTestApp(
    <TestApiProvider apis={[[securityApiRef, fakeSecurityApi(api)]]}>
      <ScorecardsContent />
      <Location />
    </TestApiProvider>,
    {
      routeEntries: [url],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

const search = () =>
  new URLSearchParams(screen.getByTestId('location').textContent ?? '');

function lastQuery(fn: jest.Mock): ScorecardQuery {
  return fn.mock.calls[fn.mock.calls.length - 1][0];
}

describe('ScorecardsContent', () => {
  it("shows the fleet: the backend's numbers of every entity, the checks, the trend, the groups and the worst entities", async () => {
    const getScorecards = jest.fn<ReturnType<GetScorecards>, [ScorecardQuery]>(
      async () => fleet(),
    );
    await renderPage({ getScorecards });

    const summary = await screen.findByTestId('scorecard-summary');
    expect(getScorecards).toHaveBeenCalledWith({
      groupBy: 'owner',
      days: 90,
    });
    expect(screen.getByText('All entities')).toBeInTheDocument();
    expect(screen.getByText('10 entities')).toBeInTheDocument();
    expect(within(summary).getByText('Mean score 72')).toBeInTheDocument();
    const grades = within(summary).getByRole('list', {
      name: 'Entities per grade',
    });
    expect(
      within(grades)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'AGrade A: 4 (40%)',
      'BGrade B: 1 (10%)',
      'CGrade C: 1 (10%)',
      'DGrade D: 0 (0%)',
      'FGrade F: 3 (30%)',
      '–Not graded: 1 (10%)',
    ]);

    const checks = screen.getByRole('list', {
      name: 'Pass rate per policy check',
    });
    // 4 passed + 1 exempt of 9
    expect(within(checks).getByText('56% pass')).toBeInTheDocument();
    expect(
      within(checks).getByRole('progressbar', {
        name: 'Fixable vulnerabilities pass rate',
      }),
    ).toHaveAttribute('aria-valuenow', '56');
    expect(
      within(checks).getByText('4 passed · 1 exempt · 4 failed · 0 missing'),
    ).toBeInTheDocument();
    expect(
      within(checks).getByRole('progressbar', { name: 'SBOM pass rate' }),
    ).toHaveAttribute('aria-valuenow', '78');

    const trendTable = screen.getByRole('table', {
      name: 'Entities per grade and mean score per day, last 90 days',
    });
    expect(within(trendTable).getAllByRole('row')).toHaveLength(3);

    const groups = screen.getByTestId('scorecard-groups');
    expect(within(groups).getByText('Top-level groups')).toBeInTheDocument();
    // Worst mean score first.
    expect(
      within(groups)
        .getAllByRole('link')
        .map(link => link.textContent),
    ).toEqual(['Platform', 'Storefront']);

    const entities = screen.getByTestId('scorecard-entities');
    expect(
      within(entities).getByRole('link', {
        name: 'Payments: open its Security tab',
      }),
    ).toHaveAttribute('href', '/catalog/default/component/payments/security');
    expect(
      within(entities).getByText('Fixable vulnerabilities, SBOM'),
    ).toBeInTheDocument();
    expect(
      within(entities).getByText(
        'The worst 1 of 10 entities; the CSV export has them all',
      ),
    ).toBeInTheDocument();
  });

  it('without the fleet numbers (an older backend) still shows the trend, the groups and the entities', async () => {
    await renderPage({ getScorecards: async () => fleet({ group: null }) });

    expect(await screen.findByTestId('scorecard-groups')).toBeInTheDocument();
    expect(screen.queryByTestId('scorecard-summary')).toBeNull();
    expect(screen.getByTestId('scorecard-entities')).toBeInTheDocument();
    expect(
      screen.getByRole('table', {
        name: 'Entities per grade and mean score per day, last 90 days',
      }),
    ).toBeInTheDocument();
  });

  it('sorts the groups by another column when its header is clicked', async () => {
    await renderPage({ getScorecards: async () => fleet() });
    const groups = await screen.findByTestId('scorecard-groups');

    await userEvent.click(
      within(groups).getByRole('button', { name: 'Entities' }),
    );

    expect(
      within(groups)
        .getAllByRole('link')
        .map(link => link.textContent),
    ).toEqual(['Storefront', 'Platform']);
  });

  it('drills down through owner groups with breadcrumbs back, asking for each group', async () => {
    const sre = scorecardGroup({ ref: 'group:default/sre', title: 'SRE' });
    const getScorecards = jest.fn<ReturnType<GetScorecards>, [ScorecardQuery]>(
      async query => {
        if (query.group === 'group:default/platform') {
          return fleet({ group: platform, groups: [sre] });
        }
        if (query.group === 'group:default/sre') {
          return fleet({ group: sre, groups: [] });
        }
        return fleet();
      },
    );
    await renderPage({ getScorecards });

    await userEvent.click(
      await screen.findByRole('link', {
        name: 'Platform: show its scorecard',
      }),
    );
    expect(await screen.findByText('Groups in Platform')).toBeInTheDocument();
    expect(lastQuery(getScorecards)).toEqual({
      groupBy: 'owner',
      group: 'group:default/platform',
      days: 90,
    });
    expect(search().get('group')).toBe('group:default/platform');

    await userEvent.click(
      screen.getByRole('link', { name: 'SRE: show its scorecard' }),
    );
    await waitFor(() =>
      expect(lastQuery(getScorecards).group).toBe('group:default/sre'),
    );
    expect(search().get('trail')).toBe('group:default/platform');
    const crumbs = screen.getByRole('navigation', { name: 'Drill-down' });
    expect(
      await within(crumbs).findByText('SRE', { selector: '[aria-current]' }),
    ).toBeInTheDocument();
    expect(
      within(crumbs)
        .getAllByRole('link')
        .map(link => link.textContent),
    ).toEqual(['All owners', 'platform']);

    await userEvent.click(
      within(crumbs).getByRole('link', { name: 'platform' }),
    );
    await waitFor(() =>
      expect(lastQuery(getScorecards).group).toBe('group:default/platform'),
    );
    expect(search().get('trail')).toBeNull();

    await userEvent.click(screen.getByRole('link', { name: 'All owners' }));
    await waitFor(() => expect(lastQuery(getScorecards).group).toBeUndefined());
    expect(search().toString()).toBe('');
  });

  it('puts the filters in the URL and the request, and opens a shared link with them', async () => {
    const getScorecards = jest.fn<ReturnType<GetScorecards>, [ScorecardQuery]>(
      async () => fleet(),
    );
    await renderPage(
      { getScorecards },
      '/security?groupBy=system&kind=Component&check=sbom&grade=bogus',
    );

    await screen.findByTestId('scorecard-summary');
    expect(getScorecards).toHaveBeenCalledTimes(1);
    expect(lastQuery(getScorecards)).toEqual({
      groupBy: 'system',
      kind: 'Component',
      check: 'sbom',
      days: 90,
    });
    expect(screen.getByRole('textbox', { name: 'Kind' })).toHaveValue(
      'Component',
    );
    expect(screen.getByRole('combobox', { name: 'Failing check' })).toHaveValue(
      'sbom',
    );
    expect(screen.getByRole('combobox', { name: 'Grade' })).toHaveValue('');
    expect(screen.getByRole('button', { name: 'System' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Grade' }),
      'F',
    );
    await userEvent.type(screen.getByRole('textbox', { name: 'Tag' }), 'pci');

    await waitFor(() =>
      expect(lastQuery(getScorecards)).toEqual({
        groupBy: 'system',
        kind: 'Component',
        tag: 'pci',
        grade: 'F',
        check: 'sbom',
        days: 90,
      }),
    );
    expect(Object.fromEntries(search())).toEqual({
      groupBy: 'system',
      kind: 'Component',
      tag: 'pci',
      grade: 'F',
      check: 'sbom',
    });
    // Typing asks once it pauses, not once per letter.
    expect(
      getScorecards.mock.calls.filter(([query]) => query.tag !== undefined),
    ).toHaveLength(1);

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    await waitFor(() =>
      expect(lastQuery(getScorecards)).toEqual({ groupBy: 'system', days: 90 }),
    );
    expect(Object.fromEntries(search())).toEqual({ groupBy: 'system' });
  });

  it('links a check to the entities failing it', async () => {
    const getScorecards = jest.fn<ReturnType<GetScorecards>, [ScorecardQuery]>(
      async () => fleet(),
    );
    await renderPage({ getScorecards });

    await userEvent.click(
      await screen.findByRole('link', { name: 'Show the 4 failing' }),
    );

    await waitFor(() =>
      expect(lastQuery(getScorecards).check).toBe('fixable-vulnerabilities'),
    );
    expect(screen.getByRole('combobox', { name: 'Failing check' })).toHaveValue(
      'fixable-vulnerabilities',
    );
  });

  it('starts another grouping at the top and keeps the filters', async () => {
    const getScorecards = jest.fn<ReturnType<GetScorecards>, [ScorecardQuery]>(
      async () => fleet(),
    );
    await renderPage(
      { getScorecards },
      '/security?group=group:default/platform&tag=pci',
    );
    await screen.findByTestId('scorecard-summary');

    await userEvent.click(screen.getByRole('button', { name: 'Domain' }));

    await waitFor(() =>
      expect(lastQuery(getScorecards)).toEqual({
        groupBy: 'domain',
        tag: 'pci',
        days: 90,
      }),
    );
    expect(Object.fromEntries(search())).toEqual({
      groupBy: 'domain',
      tag: 'pci',
    });
  });

  it('exports the current selection as CSV through the client', async () => {
    const getScorecards = async () => fleet();
    const downloadScorecardsCsv = jest.fn(
      async () => new Blob(['entityRef\n'], { type: 'text/csv' }),
    );
    const createObjectURL = jest.fn(() => 'blob:scorecards');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const savedAs: string[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function recordDownload(this: HTMLAnchorElement) {
        savedAs.push(this.download);
      });
    await renderPage(
      { getScorecards, downloadScorecardsCsv },
      '/security?group=group:default/platform&grade=F',
    );
    await screen.findByTestId('scorecard-summary');

    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));

    await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
    expect(savedAs).toEqual([
      expect.stringMatching(
        /^scorecards-owner-platform-\d{4}-\d{2}-\d{2}\.csv$/,
      ),
    ]);
    expect(downloadScorecardsCsv).toHaveBeenCalledWith({
      groupBy: 'owner',
      group: 'group:default/platform',
      grade: 'F',
      days: 90,
    });
    expect(createObjectURL).toHaveBeenCalledWith(expect.any(Blob));
    click.mockRestore();
  });

  it('says why the export failed', async () => {
    await renderPage({
      getScorecards: async () => fleet(),
      downloadScorecardsCsv: async () => {
        throw new Error('Not allowed to read posture');
      },
    });
    await screen.findByTestId('scorecard-summary');

    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not export the CSV: Not allowed to read posture',
    );
  });

  it('says how to get graded when nothing is', async () => {
    await renderPage({ getScorecards: async () => scorecardPage() });

    expect(
      await screen.findByText('No entity has been graded yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/upload a Trivy report from CI/),
    ).toBeInTheDocument();
  });

  it('offers to clear filters that match nothing', async () => {
    const getScorecards = jest.fn<ReturnType<GetScorecards>, [ScorecardQuery]>(
      async query => (query.tag ? scorecardPage() : fleet()),
    );
    await renderPage({ getScorecards }, '/security?tag=nothing');

    expect(await screen.findByText('No entity matches')).toBeInTheDocument();
    const clear = screen.getAllByRole('button', { name: 'Clear filters' });
    await userEvent.click(clear[clear.length - 1]);

    expect(await screen.findByTestId('scorecard-summary')).toBeInTheDocument();
    expect(search().toString()).toBe('');
  });

  it('shows the backend message on failure and loads again on Retry', async () => {
    const getScorecards = jest
      .fn<ReturnType<GetScorecards>, [ScorecardQuery]>()
      .mockRejectedValueOnce(new Error('Invalid group ref "x"'))
      .mockResolvedValue(fleet());
    await renderPage({ getScorecards });

    expect(
      await screen.findByText(
        'Error: Could not load the scorecards: Invalid group ref "x"',
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(await screen.findByTestId('scorecard-summary')).toBeInTheDocument();
  });
});

describe('ScorecardsContent on a phone', () => {
  onNarrowScreen();

  it('stacks groups and entities as cards, the groups sorted by the select', async () => {
    const apps = scorecardGroup({
      ref: 'group:default/apps',
      title: 'Apps',
      grades: gradeCounts({ A: 10 }),
      score: 95,
    });
    await renderPage({
      getScorecards: async () =>
        fleet({ groups: [storefront, apps, platform] }),
    });

    const groups = await screen.findByRole('list', {
      name: 'Top-level groups',
    });
    const names = () =>
      within(groups)
        .getAllByRole('link')
        .map(link => link.textContent);
    expect(names()).toEqual(['Platform', 'Storefront', 'Apps']);
    expect(within(groups).getAllByRole('listitem')[0]).toHaveTextContent(
      'Entities6Mean score71Known exploited—High EPSS—GradesA 3 · B 1 · F 2',
    );

    const sort = screen.getByRole('combobox', { name: 'Sort by' });
    expect(sort).toHaveValue('score');
    await userEvent.selectOptions(sort, 'title');
    expect(names()).toEqual(['Apps', 'Platform', 'Storefront']);
    await userEvent.selectOptions(sort, 'entities');
    expect(names()).toEqual(['Apps', 'Platform', 'Storefront']);
    expect(sort).toHaveValue('entities');

    const entities = screen.getByRole('list', {
      name: 'Entities, worst first',
    });
    expect(within(entities).getAllByRole('listitem')[0]).toHaveTextContent(
      'Fixable vulnerabilities, SBOM',
    );
  });
});
