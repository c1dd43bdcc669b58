import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  SbomListResponse,
  SbomSummary,
} from '@posture/backstage-plugin-security-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { securityApiRef, type SecurityApi } from '../../api/SecurityApi';
import type { SbomQuery, SecurityReport } from '../../api/types';
import { fakeSecurityApi } from '../../testing/fakeSecurityApi';
import { report, sbomComponent } from '../../testing/fixtures';
import { SbomTable } from './SbomTable';

const entityRef = 'component:default/payments';

const summary: SbomSummary = {
  components: 3,
  format: 'cyclonedx',
  generatedAt: '2026-11-20T10:00:00Z',
};

type ListSbom = (ref: string, query: SbomQuery) => Promise<SbomListResponse>;

const licenses = [
  { license: 'BSD-3-Clause', count: 24 },
  { license: 'MIT', count: 2 },
  { license: 'Apache-2.0', count: 1 },
  { license: '(none)', count: 1 },
];

/** 28 components paged like the backend, with opaque cursors `after-<offset>`. */
function backend() {
  const all = [
    sbomComponent({
      name: 'lodash',
      version: '4.17.21',
      licenses: ['MIT'],
      purl: 'pkg:npm/lodash@4.17.21',
    }),
    sbomComponent({ name: 'openssl', licenses: ['Apache-2.0'] }),
    sbomComponent({
      name: 'react',
      version: '18.2.0',
      licenses: ['MIT'],
      purl: 'pkg:npm/react@18.2.0',
    }),
    sbomComponent({
      name: 'tzdata',
      version: '2024a',
      licenses: [],
      purl: null,
      type: null,
    }),
    ...Array.from({ length: 24 }, (_, i) =>
      sbomComponent({ name: `zz-filler-${i}`, licenses: ['BSD-3-Clause'] }),
    ),
  ];
  return jest.fn<ReturnType<ListSbom>, Parameters<ListSbom>>(
    async (_ref, query) => {
      const matching = all.filter(
        c =>
          (!query.license || c.licenses.includes(query.license)) &&
          (!query.q || c.name.includes(query.q)),
      );
      const offset = query.cursor
        ? Number(query.cursor.slice('after-'.length))
        : 0;
      const end = offset + (query.limit ?? 50);
      return {
        items: matching.slice(offset, end),
        totalCount: matching.length,
        nextCursor: end < matching.length ? `after-${end}` : undefined,
        licenses,
      };
    },
  );
}

function lastQuery(fn: jest.Mock<ReturnType<ListSbom>, Parameters<ListSbom>>) {
  const calls = fn.mock.calls;
  return calls[calls.length - 1][1];
}

function renderTable(
  overrides: Partial<SecurityApi>,
  reports?: SecurityReport[],
  sbomSummary: SbomSummary = summary,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[securityApiRef, fakeSecurityApi(overrides)]]}>
      <SbomTable
        entityRef={entityRef}
        summary={sbomSummary}
        reports={reports}
      />
    </TestApiProvider>,
  );
}

describe('SbomTable', () => {
  it('renders a page of components with their licences and purls', async () => {
    const listSbom = backend();
    await renderTable({ listSbom });

    const table = await screen.findByRole('table', { name: 'SBOM components' });
    expect(await within(table).findByText('lodash')).toBeInTheDocument();
    expect(
      screen.getByText('Software bill of materials (28)'),
    ).toBeInTheDocument();
    const [lodash] = within(table).getAllByRole('row').slice(1);
    const cells = within(lodash).getAllByRole('cell');
    expect(cells.map(cell => cell.textContent)).toEqual([
      'lodash',
      '4.17.21',
      'library',
      'MIT',
      'pkg:npm/lodash@4.17.21',
    ]);
    const purl = within(cells[4]).getByText('pkg:npm/lodash@4.17.21');
    expect(purl.tagName).toBe('CODE');
    expect(purl).toHaveAttribute('title', 'pkg:npm/lodash@4.17.21');
    expect(listSbom).toHaveBeenCalledWith(entityRef, { limit: 25 });
  });

  it('filters by a licence facet and clears it on a second click', async () => {
    const listSbom = backend();
    await renderTable({ listSbom });
    await screen.findByText('lodash');

    const mit = screen.getByRole('button', { name: 'MIT (2)' });
    await userEvent.click(mit);

    await waitFor(() =>
      expect(lastQuery(listSbom)).toEqual({ license: 'MIT', limit: 25 }),
    );
    expect(await screen.findByText('react')).toBeInTheDocument();
    expect(screen.queryByText('openssl')).toBeNull();
    expect(mit).toHaveAttribute('aria-pressed', 'true');
    // Facets cover the whole SBOM, so the others stay available.
    expect(
      screen.getByRole('button', { name: 'Apache-2.0 (1)' }),
    ).toBeInTheDocument();

    await userEvent.click(mit);
    await waitFor(() => expect(lastQuery(listSbom)).toEqual({ limit: 25 }));
    expect(mit).toHaveAttribute('aria-pressed', 'false');
  });

  it('filters to components without a licence', async () => {
    const listSbom = backend();
    await renderTable({ listSbom });

    await userEvent.click(await screen.findByText('(none) (1)'));
    await waitFor(() =>
      expect(lastQuery(listSbom)).toEqual({ limit: 25, license: '(none)' }),
    );
  });

  it('debounces the search and pages with the returned cursor', async () => {
    const listSbom = backend();
    await renderTable({ listSbom });
    await screen.findByText('lodash');

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('zz-filler-23')).toBeInTheDocument();
    expect(screen.queryByText('lodash')).toBeNull();
    expect(lastQuery(listSbom)).toEqual({ limit: 25, cursor: 'after-25' });

    await userEvent.type(
      screen.getByRole('searchbox', { name: 'Search components' }),
      'ssl',
    );
    await waitFor(() =>
      expect(lastQuery(listSbom)).toEqual({ q: 'ssl', limit: 25 }),
    );
    expect(await screen.findByText('openssl')).toBeInTheDocument();
    const searches = listSbom.mock.calls
      .map(([, query]) => query.q)
      .filter(q => q !== undefined);
    expect(searches).toEqual(['ssl']);
  });

  it('resets the filters when nothing matches', async () => {
    const listSbom = backend();
    await renderTable({ listSbom });
    await screen.findByText('lodash');

    await userEvent.type(
      screen.getByRole('searchbox', { name: 'Search components' }),
      'nothing-like-this',
    );
    expect(
      await screen.findByText('No components match these filters'),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Reset filters' }),
    );

    expect(await screen.findByText('lodash')).toBeInTheDocument();
    expect(
      screen.getByRole('searchbox', { name: 'Search components' }),
    ).toHaveValue('');
    expect(lastQuery(listSbom)).toEqual({ limit: 25 });
  });

  describe('downloads', () => {
    const createObjectURL = jest.fn(() => 'blob:http://localhost/sbom');
    const revokeObjectURL = jest.fn();
    let clicked: Array<{ href: string; download: string; attached: boolean }>;

    beforeEach(() => {
      clicked = [];
      // jsdom implements neither object URLs nor downloads.
      Object.assign(URL, { createObjectURL, revokeObjectURL });
      jest
        .spyOn(HTMLAnchorElement.prototype, 'click')
        .mockImplementation(function click(this: HTMLAnchorElement) {
          clicked.push({
            href: this.href,
            download: this.download,
            attached: document.body.contains(this),
          });
        });
    });

    afterEach(() => {
      jest.restoreAllMocks();
      createObjectURL.mockClear();
      revokeObjectURL.mockClear();
    });

    it('offers each uploaded SBOM and saves it under the entity name', async () => {
      const document = new Blob(['{"bomFormat":"CycloneDX"}'], {
        type: 'application/json',
      });
      const downloadReportDocument = jest.fn(async () => document);
      await renderTable({ listSbom: backend(), downloadReportDocument }, [
        report({ id: 'r-trivy', format: 'trivy', components: 40 }),
        report({ id: 'r-cdx' }),
        report({
          id: 'r-spdx',
          format: 'spdx',
          generatedAt: null,
          ingestedAt: '2026-11-18T09:00:00Z',
        }),
      ]);

      expect(
        await screen.findByRole('button', {
          name: 'Download SPDX (2026-11-18)',
        }),
      ).toBeInTheDocument();
      expect(
        screen.queryByRole('button', { name: /Download Trivy/ }),
      ).toBeNull();

      await userEvent.click(
        screen.getByRole('button', { name: 'Download CycloneDX (2026-11-20)' }),
      );

      await waitFor(() => expect(clicked).toHaveLength(1));
      expect(downloadReportDocument).toHaveBeenCalledWith(entityRef, 'r-cdx');
      expect(createObjectURL).toHaveBeenCalledWith(document);
      expect(clicked[0]).toEqual({
        href: 'blob:http://localhost/sbom',
        download: 'payments-cyclonedx.json',
        attached: true,
      });
      await waitFor(() =>
        expect(revokeObjectURL).toHaveBeenCalledWith(
          'blob:http://localhost/sbom',
        ),
      );
      expect(screen.queryByText('Packages from the Trivy report')).toBeNull();
    });

    it('says why a download failed', async () => {
      const downloadReportDocument = jest.fn(async () => {
        throw new Error('No current report r-cdx');
      });
      await renderTable({ listSbom: backend(), downloadReportDocument }, [
        report({ id: 'r-cdx' }),
      ]);

      await userEvent.click(
        await screen.findByRole('button', { name: /Download CycloneDX/ }),
      );

      expect(await screen.findByRole('alert')).toHaveTextContent(
        'Could not download the SBOM: No current report r-cdx',
      );
      expect(clicked).toHaveLength(0);
    });
  });

  it('labels components that only come from a Trivy scan', async () => {
    await renderTable({ listSbom: backend() }, [
      report({ id: 'r-trivy', format: 'trivy', components: 40 }),
    ]);

    expect(
      await screen.findByText('Packages from the Trivy report'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Download/ })).toBeNull();
  });

  it('falls back to the summary format while the reports load', async () => {
    await renderTable({ listSbom: backend() }, undefined, {
      ...summary,
      format: 'trivy',
    });

    expect(
      await screen.findByText('Packages from the Trivy report'),
    ).toBeInTheDocument();
  });
});
