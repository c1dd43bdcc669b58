import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  ListResponse,
  VulnerabilityItem,
} from '@posture/backstage-plugin-security-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import { securityApiRef } from '../../api/SecurityApi';
import type { VulnerabilityQuery } from '../../api/types';
import { fakeSecurityApi } from '../../testing/fakeSecurityApi';
import { vulnerability, vulnerabilitySummary } from '../../testing/fixtures';
import { VulnerabilitiesTable } from './VulnerabilitiesTable';

const entityRef = 'component:default/payments';

const summary = vulnerabilitySummary();

type ListFn = (
  ref: string,
  query: VulnerabilityQuery,
) => Promise<ListResponse<VulnerabilityItem>>;

function renderTable(
  listVulnerabilities: jest.Mock<ReturnType<ListFn>, Parameters<ListFn>>,
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[[securityApiRef, fakeSecurityApi({ listVulnerabilities })]]}
    >
      <VulnerabilitiesTable entityRef={entityRef} summary={summary} />
    </TestApiProvider>,
  );
}

/** A backend of `count` findings `CVE-2024-<n>`, paged with opaque cursors `after-<offset>`. */
function backend(count: number) {
  const all = Array.from({ length: count }, (_, i) =>
    vulnerability({ id: `CVE-2024-${1000 + i}`, packageName: `pkg-${i}` }),
  );
  return jest.fn<ReturnType<ListFn>, Parameters<ListFn>>(
    async (_ref, query) => {
      const offset = query.cursor
        ? Number(query.cursor.slice('after-'.length))
        : 0;
      const limit = query.limit ?? 50;
      const end = offset + limit;
      return {
        items: all.slice(offset, end),
        totalCount: all.length,
        nextCursor: end < all.length ? `after-${end}` : undefined,
      };
    },
  );
}

function lastQuery(fn: jest.Mock<ReturnType<ListFn>, Parameters<ListFn>>) {
  const calls = fn.mock.calls;
  return calls[calls.length - 1][1];
}

function findingRows(): HTMLElement[] {
  const table = screen.getByRole('table', { name: 'Vulnerability findings' });
  return within(table).getAllByRole('row').slice(1);
}

describe('VulnerabilitiesTable', () => {
  it('renders the findings of the first page with every column', async () => {
    const listVulnerabilities = jest.fn<ReturnType<ListFn>, Parameters<ListFn>>(
      async () => ({
        items: [
          vulnerability(),
          vulnerability({
            id: 'GHSA-xxxx-yyyy-zzzz',
            severity: 'low',
            packageName: 'lodash',
            fixedVersion: null,
            status: 'affected',
            cvssScore: null,
            url: null,
            publishedAt: null,
          }),
        ],
        totalCount: 2734,
        nextCursor: 'c2',
      }),
    );
    await renderTable(listVulnerabilities);

    const link = await screen.findByRole('link', { name: 'CVE-2019-14697' });
    expect(link).toHaveAttribute(
      'href',
      'https://avd.aquasec.com/nvd/cve-2019-14697',
    );
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(screen.getByText('Vulnerabilities (2,734)')).toBeInTheDocument();

    const [first, second] = findingRows();
    const cells = within(first)
      .getAllByRole('cell')
      .map(cell => cell.textContent);
    // The title is on the page, not only in a tooltip, and the status is in words.
    expect(cells).toEqual([
      'CVE-2019-14697musl libc through 1.1.23 has an x87 floating-point stack adjustment imbalance',
      'Critical',
      'musl',
      '1.1.20-r4',
      '1.1.20-r5',
      'Fixed',
      '9.8',
      '—no EPSS score',
      'ghcr.io/acme/payments:1.4.2 (alpine 3.9.4)',
      DateTime.fromISO('2019-08-06T16:15:00Z').toLocaleString(
        DateTime.DATE_MED,
      ),
    ]);
    expect(within(second).getByText('GHSA-xxxx-yyyy-zzzz')).not.toHaveAttribute(
      'href',
    );
    expect(within(second).getByText('No fix')).toBeInTheDocument();
    expect(within(second).getByText('Affected')).toBeInTheDocument();
    expect(
      within(first).getByText(
        'musl libc through 1.1.23 has an x87 floating-point stack adjustment imbalance',
      ),
    ).toBeVisible();

    expect(listVulnerabilities).toHaveBeenCalledTimes(1);
    expect(listVulnerabilities).toHaveBeenCalledWith(entityRef, {
      sort: 'risk',
      order: 'desc',
      limit: 25,
    });
  });

  it('fetches only one page of a large scan', async () => {
    const listVulnerabilities = backend(3000);
    await renderTable(listVulnerabilities);

    await screen.findByText('CVE-2024-1000');
    expect(findingRows()).toHaveLength(25);
    expect(screen.getByText('1–25 of 3,000')).toBeInTheDocument();

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Rows per page' }),
      '100',
    );

    await waitFor(() => expect(findingRows()).toHaveLength(100));
    expect(lastQuery(listVulnerabilities)).toEqual(
      expect.objectContaining({ limit: 100 }),
    );
    expect(lastQuery(listVulnerabilities).cursor).toBeUndefined();
  });

  it('follows nextCursor to the next page and keeps it to come back', async () => {
    const listVulnerabilities = backend(60);
    await renderTable(listVulnerabilities);
    await screen.findByText('CVE-2024-1000');
    const next = screen.getByRole('button', { name: 'Next page' });
    const previous = screen.getByRole('button', { name: 'Previous page' });
    expect(previous).toBeDisabled();

    await userEvent.click(next);
    expect(await screen.findByText('CVE-2024-1025')).toBeInTheDocument();
    expect(lastQuery(listVulnerabilities).cursor).toBe('after-25');

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('CVE-2024-1050')).toBeInTheDocument();
    expect(lastQuery(listVulnerabilities).cursor).toBe('after-50');
    expect(screen.getByText('51–60 of 60')).toBeInTheDocument();
    // The backend handed out no cursor past the last page.
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Previous page' }),
    );
    expect(await screen.findByText('CVE-2024-1025')).toBeInTheDocument();
    expect(lastQuery(listVulnerabilities).cursor).toBe('after-25');

    await userEvent.click(
      screen.getByRole('button', { name: 'Previous page' }),
    );
    expect(await screen.findByText('CVE-2024-1000')).toBeInTheDocument();
    expect(lastQuery(listVulnerabilities).cursor).toBeUndefined();
  });

  it('filters by severity with counts from the posture summary', async () => {
    const listVulnerabilities = backend(3);
    await renderTable(listVulnerabilities);
    await screen.findByText('CVE-2024-1000');

    const critical = screen.getByRole('button', { name: 'Critical (2)' });
    expect(critical).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(critical);

    await waitFor(() =>
      expect(lastQuery(listVulnerabilities)).toEqual({
        severity: ['critical'],
        sort: 'risk',
        order: 'desc',
        limit: 25,
      }),
    );
    expect(critical).toHaveAttribute('aria-pressed', 'true');

    await userEvent.click(screen.getByRole('button', { name: 'High (5)' }));
    await waitFor(() =>
      expect(lastQuery(listVulnerabilities).severity).toEqual([
        'critical',
        'high',
      ]),
    );

    await userEvent.click(critical);
    await waitFor(() =>
      expect(lastQuery(listVulnerabilities).severity).toEqual(['high']),
    );
  });

  it('asks only for fixable findings and shows their counts when the switch is on', async () => {
    const listVulnerabilities = backend(3);
    await renderTable(listVulnerabilities);
    await screen.findByText('CVE-2024-1000');

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Only fixable' }),
    );

    await waitFor(() =>
      expect(lastQuery(listVulnerabilities)).toEqual(
        expect.objectContaining({ fixable: true }),
      ),
    );
    expect(
      screen.getByRole('button', { name: 'Critical (1)' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'High (3)' }),
    ).toBeInTheDocument();
  });

  it('debounces the search and starts again from the first page', async () => {
    const listVulnerabilities = backend(60);
    await renderTable(listVulnerabilities);
    await screen.findByText('CVE-2024-1000');
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('CVE-2024-1025');

    await userEvent.type(
      screen.getByRole('searchbox', { name: 'Search findings' }),
      'openssl',
    );

    await waitFor(() =>
      expect(lastQuery(listVulnerabilities).q).toBe('openssl'),
    );
    const searches = listVulnerabilities.mock.calls
      .map(([, query]) => query.q)
      .filter(q => q !== undefined);
    // One request for the whole word, none per keystroke.
    expect(searches).toEqual(['openssl']);
    expect(lastQuery(listVulnerabilities).cursor).toBeUndefined();
  });

  it('sorts by the chosen column and order', async () => {
    const listVulnerabilities = backend(3);
    await renderTable(listVulnerabilities);
    await screen.findByText('CVE-2024-1000');

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Sort by' }),
      'cvss',
    );
    await waitFor(() =>
      expect(lastQuery(listVulnerabilities)).toEqual(
        expect.objectContaining({ sort: 'cvss', order: 'desc' }),
      ),
    );

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Order' }),
      'asc',
    );
    await waitFor(() =>
      expect(lastQuery(listVulnerabilities)).toEqual(
        expect.objectContaining({ sort: 'cvss', order: 'asc' }),
      ),
    );

    // Package names read A to Z by default.
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Sort by' }),
      'package',
    );
    await waitFor(() =>
      expect(lastQuery(listVulnerabilities)).toEqual(
        expect.objectContaining({ sort: 'package', order: 'asc' }),
      ),
    );
  });

  it('says when no finding matches and resets the filters', async () => {
    const listVulnerabilities = jest.fn<ReturnType<ListFn>, Parameters<ListFn>>(
      async (_ref, query) =>
        query.severity || query.fixable
          ? { items: [], totalCount: 0 }
          : { items: [vulnerability()], totalCount: 1 },
    );
    await renderTable(listVulnerabilities);
    await screen.findByText('CVE-2019-14697');

    await userEvent.click(screen.getByRole('button', { name: 'Low (0)' }));
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Only fixable' }),
    );

    expect(
      await screen.findByText('No findings match these filters'),
    ).toBeInTheDocument();
    expect(screen.getByText('Vulnerabilities (0 of 19)')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Reset filters' }),
    );

    expect(await screen.findByText('CVE-2019-14697')).toBeInTheDocument();
    expect(lastQuery(listVulnerabilities)).toEqual({
      sort: 'risk',
      order: 'desc',
      limit: 25,
    });
    expect(
      screen.getByRole('checkbox', { name: 'Only fixable' }),
    ).not.toBeChecked();
    expect(screen.getByRole('button', { name: 'Low (0)' })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
  });

  it('says so, without a reset button, when the scan found nothing', async () => {
    await renderTable(
      jest.fn<ReturnType<ListFn>, Parameters<ListFn>>(async () => ({
        items: [],
        totalCount: 0,
      })),
    );

    expect(
      await screen.findByText('No vulnerabilities in the latest scan'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reset filters' })).toBeNull();
  });

  it('shows the backend error and retries', async () => {
    const listVulnerabilities = jest
      .fn<ReturnType<ListFn>, Parameters<ListFn>>()
      .mockRejectedValueOnce(new Error('Invalid cursor'))
      .mockResolvedValueOnce({ items: [vulnerability()], totalCount: 1 });
    await renderTable(listVulnerabilities);

    expect(
      await screen.findByText(
        'Error: Could not load the vulnerabilities: Invalid cursor',
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(await screen.findByText('CVE-2019-14697')).toBeInTheDocument();
    expect(listVulnerabilities).toHaveBeenCalledTimes(2);
  });
});
