import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  ListResponse,
  VulnerabilityItem,
} from '@posture/backstage-plugin-security-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import { securityApiRef } from '../../api/SecurityApi';
import type { VulnerabilityQuery } from '../../api/types';
import { fakeSecurityApi } from '../../testing/fakeSecurityApi';
import { vulnerability, vulnerabilitySummary } from '../../testing/fixtures';
import { onNarrowScreen } from '../../testing/narrowScreen';
import { VulnerabilitiesTable } from './VulnerabilitiesTable';

const entityRef = 'component:default/payments';
const summary = vulnerabilitySummary();

type ListFn = (
  ref: string,
  query: VulnerabilityQuery,
) => Promise<ListResponse<VulnerabilityItem>>;

/** Like the real backend: offset cursors, and the page placed in the whole list. */
function backend(count: number) {
  const all = Array.from({ length: count }, (_, i) =>
    vulnerability({ id: `CVE-2024-${1000 + i}`, packageName: `pkg-${i}` }),
  );
  const cursor = (offset: number) => `at-${offset}`;
  return jest.fn<ReturnType<ListFn>, Parameters<ListFn>>(
    async (_ref, query) => {
      const offset = query.cursor ? Number(query.cursor.slice(3)) : 0;
      const limit = query.limit ?? 50;
      const last = Math.floor((all.length - 1) / limit) * limit;
      return {
        items: all.slice(offset, offset + limit),
        totalCount: all.length,
        offset,
        nextCursor:
          offset + limit < all.length ? cursor(offset + limit) : undefined,
        previousCursor:
          offset > 0 ? cursor(Math.max(0, offset - limit)) : undefined,
        lastCursor: offset + limit < all.length ? cursor(last) : undefined,
      } as ListResponse<VulnerabilityItem>;
    },
  );
}

function Location() {
  const location = useLocation();
  return <output data-testid="location">{location.search}</output>;
}

function renderTable(
  listVulnerabilities: jest.Mock<ReturnType<ListFn>, Parameters<ListFn>>,
  url = '/',
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[[securityApiRef, fakeSecurityApi({ listVulnerabilities })]]}
    >
      <VulnerabilitiesTable entityRef={entityRef} summary={summary} />
      <Location />
    </TestApiProvider>,
    { routeEntries: [url] },
  );
}

const lastQuery = (fn: jest.Mock<ReturnType<ListFn>, Parameters<ListFn>>) =>
  fn.mock.calls[fn.mock.calls.length - 1][1];
const search = () =>
  new URLSearchParams(screen.getByTestId('location').textContent ?? '');

describe('VulnerabilitiesTable state in the URL', () => {
  it('opens a shared link with its filters, sort and page', async () => {
    const listVulnerabilities = backend(60);
    await renderTable(
      listVulnerabilities,
      '/?severity=high,critical,bogus&fixable=true&q=ssl&sort=cvss&order=asc&cursor=at-25',
    );

    await screen.findByText('CVE-2024-1025');
    expect(listVulnerabilities).toHaveBeenCalledTimes(1);
    expect(lastQuery(listVulnerabilities)).toEqual({
      severity: ['critical', 'high'],
      fixable: true,
      q: 'ssl',
      sort: 'cvss',
      order: 'asc',
      limit: 25,
      cursor: 'at-25',
    });
    expect(
      screen.getByRole('button', { name: 'Critical (1)' }),
    ).toHaveAttribute('aria-pressed', 'true');
    expect(
      screen.getByRole('checkbox', { name: 'Only fixable' }),
    ).toBeChecked();
    expect(
      screen.getByRole('searchbox', { name: 'Search findings' }),
    ).toHaveValue('ssl');
    expect(screen.getByText('26–50 of 60')).toBeInTheDocument();
    // Linked straight to page 2, it still knows the page before.
    await userEvent.click(
      screen.getByRole('button', { name: 'Previous page' }),
    );
    expect(await screen.findByText('CVE-2024-1000')).toBeInTheDocument();
    expect(search().get('cursor')).toBeNull();
  });

  it('writes filters and sort to the URL, and turning a filter off returns to page 1', async () => {
    const listVulnerabilities = backend(60);
    await renderTable(listVulnerabilities, '/?severity=critical');
    await screen.findByText('CVE-2024-1000');

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('CVE-2024-1025');
    expect(search().get('cursor')).toBe('at-25');

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Sort by' }),
      'package',
    );
    await waitFor(() => expect(search().get('sort')).toBe('package'));
    expect(search().get('order')).toBe('asc');
    expect(search().get('cursor')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(search().get('cursor')).toBe('at-25'));
    await userEvent.click(screen.getByRole('button', { name: 'Critical (2)' }));

    await waitFor(() => expect(search().get('severity')).toBeNull());
    expect(search().get('cursor')).toBeNull();
    await waitFor(() =>
      expect(lastQuery(listVulnerabilities)).toEqual({
        sort: 'package',
        order: 'asc',
        limit: 25,
      }),
    );
    expect(screen.getByText('1–25 of 60')).toBeInTheDocument();
  });

  it('jumps to the last page and back to the first', async () => {
    const listVulnerabilities = backend(260);
    await renderTable(listVulnerabilities);
    await screen.findByText('CVE-2024-1000');
    expect(screen.getByRole('button', { name: 'First page' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Last page' }));

    expect(await screen.findByText('CVE-2024-1250')).toBeInTheDocument();
    expect(screen.getByText('251–260 of 260')).toBeInTheDocument();
    expect(lastQuery(listVulnerabilities).cursor).toBe('at-250');
    expect(screen.getByRole('button', { name: 'Last page' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'First page' }));
    expect(await screen.findByText('CVE-2024-1000')).toBeInTheDocument();
    expect(lastQuery(listVulnerabilities).cursor).toBeUndefined();
    expect(
      screen.getByRole('button', { name: 'Previous page' }),
    ).toBeDisabled();
  });
});

describe('VulnerabilitiesTable on a phone', () => {
  onNarrowScreen();

  it('stacks each finding as a card with its title, versions and status in words', async () => {
    await renderTable(
      jest.fn<ReturnType<ListFn>, Parameters<ListFn>>(async () => ({
        items: [vulnerability({ status: 'will_not_fix' })],
        totalCount: 1,
      })),
    );

    const list = await screen.findByRole('list', {
      name: 'Vulnerability findings',
    });
    expect(screen.queryByRole('table')).toBeNull();
    const [card] = within(list).getAllByRole('listitem');
    expect(card).toHaveTextContent(
      'musl libc through 1.1.23 has an x87 floating-point stack adjustment imbalance',
    );
    expect(card).toHaveTextContent('Installed1.1.20-r4');
    expect(card).toHaveTextContent('Fixed in1.1.20-r5');
    expect(card).toHaveTextContent('StatusWill not fix');
  });
});
