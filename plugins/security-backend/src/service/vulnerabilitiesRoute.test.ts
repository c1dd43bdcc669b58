import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  SEVERITIES,
  type VulnerabilityItem,
} from '@posture/backstage-plugin-security-common';
import request from 'supertest';
import { securityPlugin } from '../plugin';
import { DatabaseExploitStore } from '../database/DatabaseExploitStore';
import { fakeFormatModule } from '../__testUtils__/fakeFormat';
import { kevCatalog, kevEntry } from '../__testUtils__/exploitFeedData';
import { createTestDatabases } from '../__testUtils__/testDatabases';

const databases = createTestDatabases();
const path = '/api/security/v1/entities/component/default/api/vulnerabilities';
const NOW = new Date('2026-12-01T00:00:00Z');

// The fake scan's finding i is CVE-2026-<10000+i>, severity critical, high, medium, low,
// unknown by i % 5, no fix when i % 3 is 0 (parsedReports.makeVulnerability).
const LOW_KEV_WITHOUT_FIX = 'CVE-2026-10003';
const HIGH_SCORED = 'CVE-2026-10006';

describe.each(databases.eachSupportedId())(
  'GET .../vulnerabilities by risk on %s',
  databaseId => {
    async function start() {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          securityPlugin,
          fakeFormatModule,
          catalogServiceMock.factory({
            entities: [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: {
                  name: 'api',
                  namespace: 'default',
                  annotations: { 'posture.dev/image': 'ghcr.io/acme/api' },
                },
                spec: { type: 'service', owner: 'team-a' },
              },
            ],
          }),
          mockServices.database.factory({ knex }),
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
        ],
      });
      const upload = await request(server)
        .post('/api/security/v1/reports?entityRef=component:default/api')
        .set('Authorization', mockCredentials.service.header())
        .set('Content-Type', 'application/json')
        .send(
          JSON.stringify({
            fakeScan: {
              image: 'ghcr.io/acme/api:1.0',
              findings: 15,
              at: '2026-11-20T00:00:00Z',
            },
          }),
        );
      expect(upload.status).toBe(201);
      const exploits = new DatabaseExploitStore(knex);
      await exploits.loadKev({
        catalog: kevCatalog([kevEntry(LOW_KEV_WITHOUT_FIX)]),
        sha256: 'a'.repeat(64),
        location: 'kev.json',
        now: NOW,
      });
      await exploits.loadEpss({
        snapshot: {
          modelVersion: 'v2025.03.14',
          scoreDate: '2026-11-30',
          cves: [HIGH_SCORED, 'CVE-2026-10000'],
          scores: [0.5, 0.125],
          percentiles: [0.97, 0.8],
        },
        sha256: 'b'.repeat(64),
        location: 'epss.csv.gz',
        now: NOW,
      });
      const get = (query: Record<string, string | number> = {}) =>
        request(server)
          .get(path)
          .query({ limit: 50, ...query })
          .set('Authorization', mockCredentials.user.header());
      return { get };
    }

    it('puts a KEV finding before any non-KEV finding of the same or higher severity, by default and with sort=risk', async () => {
      const { get } = await start();
      const byDefault = await get();
      expect(byDefault.status).toBe(200);
      const items: VulnerabilityItem[] = byDefault.body.items;
      expect(byDefault.body.totalCount).toBe(15);
      // The one KEV finding is low and has no fix, yet comes before the 12 more severe ones.
      expect(items[0]).toMatchObject({
        id: LOW_KEV_WITHOUT_FIX,
        severity: 'low',
        fixedVersion: null,
        cveId: LOW_KEV_WITHOUT_FIX,
        kev: { dateAdded: '2021-12-10', ransomware: true },
        epss: null,
        vex: null,
      });
      const rank = (s: string) => SEVERITIES.indexOf(s as never);
      const kevAt = items.findIndex(i => i.kev);
      const misplaced = items
        .slice(0, kevAt)
        .filter(
          other =>
            !other.kev && rank(other.severity) <= rank(items[kevAt].severity),
        );
      expect(misplaced).toEqual([]);
      // Then EPSS: the scored high finding before the critical ones, with its score date.
      expect(items[1]).toMatchObject({
        id: HIGH_SCORED,
        severity: 'high',
        epss: {
          score: 0.5,
          percentile: 0.97,
          scoredAt: '2026-11-30',
          modelVersion: 'v2025.03.14',
        },
      });
      expect(items[2]).toMatchObject({ id: 'CVE-2026-10000', kev: null });
      expect(items.slice(3).every(i => i.epss === null)).toBe(true);

      const explicit = await get({ sort: 'risk' });
      expect(explicit.body.items).toEqual(items);
    });

    it('pages by risk without repeating or skipping, and filters kev=true and minEpss', async () => {
      const { get } = await start();
      const all = (await get()).body.items.map((i: VulnerabilityItem) => i.id);
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await get({ limit: 4, ...(cursor ? { cursor } : {}) });
        expect(page.status).toBe(200);
        paged.push(...page.body.items.map((i: VulnerabilityItem) => i.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all);

      const kev = await get({ kev: 'true' });
      expect(kev.body).toMatchObject({ totalCount: 1 });
      expect(kev.body.items.map((i: VulnerabilityItem) => i.id)).toEqual([
        LOW_KEV_WITHOUT_FIX,
      ]);
      const likely = await get({ minEpss: '0.5' });
      expect(likely.body.items.map((i: VulnerabilityItem) => i.id)).toEqual([
        HIGH_SCORED,
      ]);
      const bySeverity = await get({ sort: 'severity' });
      expect(bySeverity.body.items[0].severity).toBe('critical');
    });

    it.each([
      ['sort', 'exploitability'],
      ['vex', 'hidden'],
      ['kev', 'false'],
      ['minEpss', '50%'],
      ['minEpss', '1.5'],
      ['minEpss', '-0.1'],
    ])('answers 400 naming %s for %s', async (name, value) => {
      const { get } = await start();
      const res = await get({ [name]: value });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(name);
    });
  },
);
