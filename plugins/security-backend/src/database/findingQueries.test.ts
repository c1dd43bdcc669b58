import { mockServices } from '@backstage/backend-test-utils';
import { DatabasePostureStore } from './DatabasePostureStore';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  makeComponent,
  makeSbom,
  makeScan,
  makeVulnerability,
} from '../__testUtils__/parsedReports';

const databases = createTestDatabases();
const entityRef = 'component:default/api';

describe.each(databases.eachSupportedId())('finding queries on %s', id => {
  async function seededStore() {
    const knex = await databases.init(id);
    const store = await DatabasePostureStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    const vulnerabilities = [
      makeVulnerability(1, {
        id: 'CVE-1',
        severity: 'low',
        cvssScore: 3.1,
        packageName: 'zlib',
        fixedVersion: null,
        status: 'affected',
        publishedAt: '2020-01-01T00:00:00Z',
      }),
      makeVulnerability(2, {
        id: 'CVE-2',
        severity: 'critical',
        cvssScore: 9.8,
        packageName: 'openssl',
        fixedVersion: '3.0.2',
        status: 'fixed',
        title: 'Heap overflow 100%_sure',
        publishedAt: '2024-01-01T00:00:00Z',
      }),
      makeVulnerability(3, {
        id: 'CVE-3',
        severity: 'high',
        cvssScore: null,
        packageName: 'curl',
        fixedVersion: '8.0',
        status: 'fixed',
        publishedAt: null,
      }),
      makeVulnerability(4, {
        id: 'GHSA-aaaa',
        severity: 'critical',
        cvssScore: 9.1,
        packageName: 'lodash',
        fixedVersion: '',
        status: 'will_not_fix',
        publishedAt: '2022-01-01T00:00:00Z',
      }),
      makeVulnerability(5, {
        id: 'CVE-5',
        severity: 'medium',
        cvssScore: 5.5,
        packageName: 'Express',
        fixedVersion: '4.19.2',
        status: 'fixed',
        publishedAt: '2023-01-01T00:00:00Z',
      }),
    ];
    await store.reports.replaceReport({
      write: {
        entityRef,
        artifact: 'ghcr.io/acme/api',
        report: makeScan(0, { vulnerabilities }),
        sha256: '1'.repeat(64),
        document: '{}',
        uploadedBy: null,
      },
    });
    await store.reports.replaceReport({
      write: {
        entityRef,
        artifact: 'ghcr.io/acme/api',
        report: makeSbom(0, {
          components: [
            makeComponent(1, { name: 'openssl', licenses: ['Apache-2.0'] }),
            makeComponent(2, { name: 'zlib', licenses: ['Zlib'] }),
            makeComponent(3, {
              name: 'glibc',
              licenses: ['LGPL-2.1-or-later', 'GPL-2.0-only'],
            }),
            makeComponent(4, { name: 'left-pad', licenses: [] }),
            makeComponent(5, { name: 'react', licenses: ['MIT'] }),
            makeComponent(6, { name: 'react-dom', licenses: ['MIT'] }),
          ],
        }),
        sha256: '2'.repeat(64),
        document: '{}',
        uploadedBy: null,
      },
    });
    // Another entity's rows must never leak into this one's lists.
    await store.reports.replaceReport({
      write: {
        entityRef: 'component:default/other',
        artifact: 'ghcr.io/acme/other',
        report: makeScan(7),
        sha256: '3'.repeat(64),
        document: '{}',
        uploadedBy: null,
      },
    });
    return store;
  }
  const page = { offset: 0, limit: 50 };

  // Without KEV or EPSS data (findingQueries.risk.test.ts has them), risk is severity, then a
  // fix first, then CVSS.
  it('lists the most severe first by default, with a fix first, then highest score within a severity', async () => {
    const store = await seededStore();
    const { items, totalCount } = await store.reports.listVulnerabilities({
      entityRef: entityRef,
      query: page,
    });
    expect(totalCount).toBe(5);
    expect(items.map(i => i.id)).toEqual([
      'CVE-2',
      'GHSA-aaaa',
      'CVE-3',
      'CVE-5',
      'CVE-1',
    ]);
    expect(items[0]).toEqual({
      id: 'CVE-2',
      severity: 'critical',
      packageName: 'openssl',
      installedVersion: '1.2.0',
      fixedVersion: '3.0.2',
      status: 'fixed',
      cvssScore: 9.8,
      title: 'Heap overflow 100%_sure',
      url: 'https://avd.aquasec.com/nvd/cve-2026-10002',
      target: 'Node.js',
      purl: 'pkg:npm/pkg-2@1.2.0',
      publishedAt: '2024-01-01T00:00:00.000Z',
      // "CVE-2" has no CVE's shape: nothing to match KEV or EPSS on.
      cveId: null,
      kev: null,
      epss: null,
      vex: null,
    });
  });

  it('filters by severity, fixable and status', async () => {
    const store = await seededStore();
    const critical = await store.reports.listVulnerabilities({
      entityRef: entityRef,
      query: {
        ...page,
        severities: ['critical'],
      },
    });
    expect(critical.items.map(i => i.id)).toEqual(['CVE-2', 'GHSA-aaaa']);
    const fixable = await store.reports.listVulnerabilities({
      entityRef: entityRef,
      query: {
        ...page,
        fixable: true,
      },
    });
    expect(fixable.items.map(i => i.id).sort()).toEqual([
      'CVE-2',
      'CVE-3',
      'CVE-5',
    ]);
    const notFixable = await store.reports.listVulnerabilities({
      entityRef: entityRef,
      query: {
        ...page,
        fixable: false,
      },
    });
    expect(notFixable.items.map(i => i.id).sort()).toEqual([
      'CVE-1',
      'GHSA-aaaa',
    ]);
    const wontFix = await store.reports.listVulnerabilities({
      entityRef: entityRef,
      query: {
        ...page,
        statuses: ['will_not_fix'],
      },
    });
    expect(wontFix.totalCount).toBe(1);
  });

  it('searches id, package and title case-insensitively, with % and _ taken literally', async () => {
    const store = await seededStore();
    expect(
      (
        await store.reports.listVulnerabilities({
          entityRef: entityRef,
          query: { ...page, text: 'express' },
        })
      ).items.map(i => i.id),
    ).toEqual(['CVE-5']);
    expect(
      (
        await store.reports.listVulnerabilities({
          entityRef: entityRef,
          query: { ...page, text: 'ghsa' },
        })
      ).totalCount,
    ).toBe(1);
    expect(
      (
        await store.reports.listVulnerabilities({
          entityRef: entityRef,
          query: { ...page, text: '100%_s' },
        })
      ).items.map(i => i.id),
    ).toEqual(['CVE-2']);
    expect(
      (
        await store.reports.listVulnerabilities({
          entityRef: entityRef,
          query: { ...page, text: '%' },
        })
      ).totalCount,
    ).toBe(1);
  });

  it('sorts by CVSS, package and published date, unknown values last', async () => {
    const store = await seededStore();
    const byCvss = await store.reports.listVulnerabilities({
      entityRef: entityRef,
      query: {
        ...page,
        sort: 'cvss',
      },
    });
    expect(byCvss.items.map(i => i.cvssScore)).toEqual([
      9.8,
      9.1,
      5.5,
      3.1,
      null,
    ]);
    const byCvssAsc = await store.reports.listVulnerabilities({
      entityRef: entityRef,
      query: {
        ...page,
        sort: 'cvss',
        order: 'asc',
      },
    });
    expect(byCvssAsc.items.map(i => i.cvssScore)).toEqual([
      3.1,
      5.5,
      9.1,
      9.8,
      null,
    ]);
    const byPackage = await store.reports.listVulnerabilities({
      entityRef: entityRef,
      query: {
        ...page,
        sort: 'package',
      },
    });
    expect(byPackage.items.map(i => i.packageName)).toEqual(
      ['curl', 'Express', 'lodash', 'openssl', 'zlib'].sort(),
    );
    const byPublished = await store.reports.listVulnerabilities({
      entityRef: entityRef,
      query: {
        ...page,
        sort: 'published',
      },
    });
    expect(byPublished.items.map(i => i.id)).toEqual([
      'CVE-2',
      'CVE-5',
      'GHSA-aaaa',
      'CVE-1',
      'CVE-3',
    ]);
  });

  it('pages without repeating or skipping rows', async () => {
    const store = await seededStore();
    const seen: string[] = [];
    for (let offset = 0; offset < 5; offset += 2) {
      const { items, totalCount } = await store.reports.listVulnerabilities({
        entityRef: entityRef,
        query: {
          offset,
          limit: 2,
        },
      });
      expect(totalCount).toBe(5);
      seen.push(...items.map(i => i.id));
    }
    expect(seen).toEqual(['CVE-2', 'GHSA-aaaa', 'CVE-3', 'CVE-5', 'CVE-1']);
  });

  it('lists SBOM components by name with licence facets over the whole SBOM', async () => {
    const store = await seededStore();
    const all = await store.reports.listComponents({
      entityRef: entityRef,
      query: page,
    });
    expect(all.totalCount).toBe(6);
    expect(all.items.map(c => c.name)).toEqual([
      'glibc',
      'left-pad',
      'openssl',
      'react',
      'react-dom',
      'zlib',
    ]);
    expect(all.licenses).toEqual([
      { license: 'MIT', count: 2 },
      { license: '(none)', count: 1 },
      { license: 'Apache-2.0', count: 1 },
      { license: 'GPL-2.0-only', count: 1 },
      { license: 'LGPL-2.1-or-later', count: 1 },
      { license: 'Zlib', count: 1 },
    ]);
  });

  it('filters components by exact licence and by text', async () => {
    const store = await seededStore();
    const mit = await store.reports.listComponents({
      entityRef: entityRef,
      query: {
        ...page,
        license: 'MIT',
      },
    });
    expect(mit.items.map(c => c.name)).toEqual(['react', 'react-dom']);
    expect(mit.licenses).toHaveLength(6);
    const gpl = await store.reports.listComponents({
      entityRef: entityRef,
      query: {
        ...page,
        license: 'GPL-2.0-only',
      },
    });
    expect(gpl.items.map(c => c.name)).toEqual(['glibc']);
    const text = await store.reports.listComponents({
      entityRef: entityRef,
      query: {
        ...page,
        text: 'REACT',
      },
    });
    expect(text.totalCount).toBe(2);
  });
});
