import { SEVERITIES } from '@posture/backstage-plugin-security-common';
import type { ParsedVulnerability } from '@posture/backstage-plugin-security-node';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { createTestStore } from '../__testUtils__/storeHarness';
import { makeScan, makeVulnerability } from '../__testUtils__/parsedReports';
import { kevCatalog, kevEntry } from '../__testUtils__/exploitFeedData';
import { applyVexStatement } from '../__testUtils__/findingMarks';
import type { VulnerabilityQuery } from './PostureStore';

const databases = createTestDatabases();
const entityRef = 'component:default/api';
const NOW = new Date('2026-12-01T00:00:00Z');

type Finding = Partial<ParsedVulnerability> & { id: string };

/** The entity's findings; the comments say where risk puts each and why. */
const FINDINGS: Finding[] = [
  // KEV, EPSS 0.25, low: after the KEV one scored higher, before the unscored KEV one.
  {
    id: 'CVE-2021-44228',
    severity: 'low',
    packageName: 'log4j-core',
    fixedVersion: '2.17.1',
  },
  // KEV, EPSS 0.875, medium: first of all.
  {
    id: 'CVE-2023-44487',
    severity: 'medium',
    packageName: 'golang.org/x/net',
    fixedVersion: '0.17.0',
  },
  // Not in KEV, EPSS 0.9375, critical: first after every KEV finding.
  {
    id: 'CVE-2024-0001',
    severity: 'critical',
    packageName: 'openssl',
    fixedVersion: '3.0.13',
  },
  // Not in KEV, no EPSS, critical with a fix.
  {
    id: 'CVE-2024-0002',
    severity: 'critical',
    packageName: 'curl',
    fixedVersion: '8.4.0',
  },
  // High with a fix, before the high one without (despite its higher CVSS).
  {
    id: 'CVE-2024-0003',
    severity: 'high',
    packageName: 'zlib',
    fixedVersion: '1.3.1',
    cvssScore: 7.0,
  },
  {
    id: 'CVE-2024-0004',
    severity: 'high',
    packageName: 'expat',
    fixedVersion: null,
    cvssScore: 9.9,
  },
  // A GHSA whose CVE alias is in KEV (no EPSS): the last KEV finding.
  {
    id: 'GHSA-36p3-wjmg-h94x',
    aliases: ['CVE-2022-22965'],
    severity: 'critical',
    packageName: 'spring-beans',
    fixedVersion: '5.3.18',
  },
  // KEV, critical, but a VEX statement clears it: in no default list.
  {
    id: 'CVE-2023-4911',
    severity: 'critical',
    packageName: 'libc-bin',
    fixedVersion: '2.36-9+deb12u3',
  },
  // Medium, a VEX statement says affected: listed, still counted.
  {
    id: 'CVE-2024-0006',
    severity: 'medium',
    packageName: 'musl',
    fixedVersion: null,
  },
];

const OPEN_RISK_ORDER = [
  'CVE-2023-44487',
  'CVE-2021-44228',
  'GHSA-36p3-wjmg-h94x',
  'CVE-2024-0001',
  'CVE-2024-0002',
  'CVE-2024-0003',
  'CVE-2024-0004',
  'CVE-2024-0006',
];

describe.each(databases.eachSupportedId())(
  'the findings list by risk on %s',
  id => {
    async function seeded() {
      const { knex, store } = await createTestStore(databases, id);
      await store.reports.replaceReport({
        write: {
          entityRef,
          artifact: 'ghcr.io/acme/api',
          report: makeScan(0, {
            vulnerabilities: FINDINGS.map((f, i) =>
              makeVulnerability(i, { cvssScore: 5, ...f }),
            ),
          }),
          sha256: '1'.repeat(64),
          document: '{}',
          uploadedBy: null,
        },
      });
      await store.exploits.loadKev({
        catalog: kevCatalog([
          kevEntry('CVE-2021-44228'),
          kevEntry('CVE-2023-44487', {
            dateAdded: '2023-10-10',
            dueDate: '2023-10-31',
            ransomware: false,
            vulnerabilityName: 'HTTP/2 Rapid Reset Attack Vulnerability',
          }),
          kevEntry('CVE-2022-22965', { dateAdded: '2022-04-04' }),
          kevEntry('CVE-2023-4911', { dateAdded: '2023-11-21' }),
          // In the catalog, in no finding of the entity.
          kevEntry('CVE-2014-0160'),
        ]),
        sha256: 'a'.repeat(64),
        location: 'fixtures/kev/known_exploited_vulnerabilities.json',
        now: NOW,
      });
      await store.exploits.loadEpss({
        snapshot: {
          modelVersion: 'v2025.03.14',
          scoreDate: '2026-11-30',
          cves: ['CVE-2021-44228', 'CVE-2023-44487', 'CVE-2024-0001'],
          scores: [0.25, 0.875, 0.9375],
          percentiles: [0.5, 0.99, 0.999],
        },
        sha256: 'b'.repeat(64),
        location: 'examples/feeds/epss_scores-demo.csv.gz',
        now: NOW,
      });
      await applyVexStatement(knex, {
        entityRef,
        vulnId: 'CVE-2023-4911',
        status: 'not_affected',
        justification: 'vulnerable_code_not_in_execute_path',
        impactStatement: 'ld.so is not run with GLIBC_TUNABLES from users',
      });
      await applyVexStatement(knex, {
        entityRef,
        vulnId: 'CVE-2024-0006',
        status: 'affected',
      });
      const list = (query: Partial<VulnerabilityQuery> = {}) =>
        store.reports.listVulnerabilities({
          entityRef,
          query: { offset: 0, limit: 50, ...query },
        });
      return { knex, store, list };
    }

    it('lists by risk by default: KEV first, then EPSS, severity, a fix first among ties', async () => {
      const { list } = await seeded();
      const { items, totalCount } = await list();
      expect(totalCount).toBe(8);
      expect(items.map(i => i.id)).toEqual(OPEN_RISK_ORDER);
      expect((await list({ sort: 'risk', order: 'desc' })).items).toEqual(
        items,
      );
    });

    it('puts every KEV finding before any non-KEV finding of the same or higher severity', async () => {
      const { list } = await seeded();
      const { items } = await list({ vex: 'all' });
      const rank = (s: string) => SEVERITIES.indexOf(s as never);
      const misplaced = items.flatMap((kev, i) =>
        kev.kev
          ? items
              .slice(0, i)
              .filter(
                other =>
                  !other.kev && rank(other.severity) <= rank(kev.severity),
              )
              .map(other => `${other.id} before ${kev.id}`)
          : [],
      );
      expect(misplaced).toEqual([]);
      // The low KEV finding comes before the critical ones that are not in KEV.
      const ids = items.map(i => i.id);
      expect(ids.indexOf('CVE-2021-44228')).toBeLessThan(
        ids.indexOf('CVE-2024-0001'),
      );
    });

    it('reverses the whole order with order=asc', async () => {
      const { list } = await seeded();
      const { items } = await list({ sort: 'risk', order: 'asc' });
      expect(items.map(i => i.id)).toEqual([...OPEN_RISK_ORDER].reverse());
    });

    it('pages by risk without repeating or skipping a finding', async () => {
      const { list } = await seeded();
      const seen: string[] = [];
      for (let offset = 0; offset < 8; offset += 3) {
        const page = await list({ offset, limit: 3 });
        expect(page.totalCount).toBe(8);
        seen.push(...page.items.map(i => i.id));
      }
      expect(seen).toEqual(OPEN_RISK_ORDER);
    });

    it('marks each finding with its KEV entry, EPSS score (with the feed’s score date) and VEX statement', async () => {
      const { list } = await seeded();
      const byId = new Map(
        (await list({ vex: 'all' })).items.map(i => [i.id, i]),
      );
      expect(byId.get('CVE-2023-44487')).toMatchObject({
        cveId: 'CVE-2023-44487',
        kev: {
          dateAdded: '2023-10-10',
          dueDate: '2023-10-31',
          ransomware: false,
          vulnerabilityName: 'HTTP/2 Rapid Reset Attack Vulnerability',
          requiredAction: 'Apply updates per vendor instructions.',
        },
        epss: {
          score: 0.875,
          percentile: 0.99,
          scoredAt: '2026-11-30',
          modelVersion: 'v2025.03.14',
        },
        vex: null,
      });
      expect(byId.get('GHSA-36p3-wjmg-h94x')).toMatchObject({
        cveId: 'CVE-2022-22965',
        kev: { dateAdded: '2022-04-04', ransomware: true },
        epss: null,
      });
      expect(byId.get('CVE-2024-0002')).toMatchObject({
        cveId: 'CVE-2024-0002',
        kev: null,
        epss: null,
        vex: null,
      });
      expect(byId.get('CVE-2023-4911')?.vex).toEqual({
        status: 'not_affected',
        justification: 'vulnerable_code_not_in_execute_path',
        impactStatement: 'ld.so is not run with GLIBC_TUNABLES from users',
        actionStatement: null,
        author: 'security@acme.example',
        timestamp: '2026-11-21T09:00:00.000Z',
        product: 'pkg:oci/api?repository_url=ghcr.io/acme/api',
        format: 'openvex',
      });
      expect(byId.get('CVE-2024-0006')?.vex?.status).toBe('affected');
    });

    it.each([
      ['open (the default)', {}, OPEN_RISK_ORDER],
      ['open', { vex: 'open' }, OPEN_RISK_ORDER],
      ['not-affected', { vex: 'not-affected' }, ['CVE-2023-4911']],
      [
        'all',
        { vex: 'all' },
        [
          'CVE-2023-44487',
          'CVE-2021-44228',
          'CVE-2023-4911',
          'GHSA-36p3-wjmg-h94x',
          ...OPEN_RISK_ORDER.slice(3),
        ],
      ],
      [
        'kev=true',
        { kev: true },
        ['CVE-2023-44487', 'CVE-2021-44228', 'GHSA-36p3-wjmg-h94x'],
      ],
      [
        'kev=true with not-affected',
        { kev: true, vex: 'not-affected' },
        ['CVE-2023-4911'],
      ],
      ['minEpss=0.5', { minEpss: 0.5 }, ['CVE-2023-44487', 'CVE-2024-0001']],
      [
        'minEpss=0.25 (a score exactly at it counts)',
        { minEpss: 0.25 },
        ['CVE-2023-44487', 'CVE-2021-44228', 'CVE-2024-0001'],
      ],
      [
        'kev=true, fixable (the known-exploited reason)',
        { kev: true, fixable: true, severities: ['critical', 'low'] },
        ['CVE-2021-44228', 'GHSA-36p3-wjmg-h94x'],
      ],
    ] as const)(
      'the %s view lists exactly its findings, counted alike',
      async (_, query, expected) => {
        const { list } = await seeded();
        const { items, totalCount } = await list(
          query as Partial<VulnerabilityQuery>,
        );
        expect(items.map(i => i.id)).toEqual(expected);
        expect(totalCount).toBe(expected.length);
      },
    );

    it('keeps the other sorts and leaves cleared findings out of them too', async () => {
      const { list } = await seeded();
      const bySeverity = await list({ sort: 'severity' });
      expect(bySeverity.totalCount).toBe(8);
      expect(bySeverity.items.map(i => i.severity)).toEqual([
        'critical',
        'critical',
        'critical',
        'high',
        'high',
        'medium',
        'medium',
        'low',
      ]);
      const byPackage = await list({ sort: 'package' });
      expect(byPackage.items.map(i => i.packageName)).not.toContain('libc-bin');
    });

    it('marks nothing when no feed is loaded', async () => {
      const { store } = await createTestStore(databases, id);
      await store.reports.replaceReport({
        write: {
          entityRef,
          artifact: 'ghcr.io/acme/api',
          report: makeScan(0, {
            vulnerabilities: FINDINGS.map((f, i) => makeVulnerability(i, f)),
          }),
          sha256: '1'.repeat(64),
          document: '{}',
          uploadedBy: null,
        },
      });
      const { items } = await store.reports.listVulnerabilities({
        entityRef,
        query: { offset: 0, limit: 50 },
      });
      expect(items).toHaveLength(FINDINGS.length);
      expect(items.every(i => i.kev === null && i.epss === null)).toBe(true);
      // Without exploit data, risk is severity, then a fix first.
      expect(items.map(i => i.severity)).toEqual(
        [...items.map(i => i.severity)].sort(
          (a, b) => SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b),
        ),
      );
    });
  },
);
