import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  securityReportFormatsExtensionPoint,
  type ReportFormatHandler,
} from '@posture/backstage-plugin-security-node';
import type { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { fakeScanFormat } from '../__testUtils__/fakeFormat';
import { securityPlugin } from '../plugin';

/*
 * Item 8 of issue 10: three large uploads at once with room for one. The first holds its
 * slot (its parse waits on a gate the test opens); the other two are answered 503 with
 * Retry-After while it runs, and only the first is stored, on each database.
 */

const databases = createTestDatabases();
const entityRef = 'component:default/api';

/** fakeScanFormat whose parse waits until the test lets it finish. */
function gatedFormat() {
  let entered!: () => void;
  let open!: () => void;
  const inside = new Promise<void>(resolve => {
    entered = resolve;
  });
  const gate = new Promise<void>(resolve => {
    open = resolve;
  });
  const format: ReportFormatHandler = {
    ...fakeScanFormat,
    async parseAsync(document) {
      entered();
      await gate;
      return fakeScanFormat.parse(document);
    },
  };
  const module = createBackendModule({
    pluginId: 'security',
    moduleId: 'gated-format',
    register(env) {
      env.registerInit({
        deps: { formats: securityReportFormatsExtensionPoint },
        async init({ formats }) {
          formats.addReportFormat(format);
        },
      });
    },
  });
  return { module, inside, open };
}

/** About 8 MB: a fake scan padded the way a large real report is. */
function largeScan(findings: number, minute: number): string {
  return JSON.stringify({
    fakeScan: {
      image: 'ghcr.io/acme/api:1.0',
      findings,
      at: new Date(Date.UTC(2026, 10, 20, 10, minute)).toISOString(),
    },
    padding: 'x'.repeat(8 * 1024 * 1024),
  });
}

async function startBackend(knex: Knex, gated: ReturnType<typeof gatedFormat>) {
  const { server } = await startTestBackend({
    features: [
      securityPlugin,
      gated.module,
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'api', namespace: 'default' },
            spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
          },
        ],
      }),
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          security: {
            reports: {
              maxBodySize: '50mb',
              maxConcurrentIngestions: 1,
              maxQueuedIngestions: 0,
            },
          },
        },
      }),
    ],
  });
  return (body: string) =>
    request(server)
      .post(`/api/security/v1/reports?entityRef=${entityRef}`)
      .set('Authorization', mockCredentials.service.header())
      .set('Content-Type', 'application/json')
      .send(body)
      .then(res => res);
}

describe.each(databases.eachSupportedId())(
  'concurrent large uploads on %s',
  databaseId => {
    it('ingests one of three at a time and answers the others 503 with Retry-After, storing nothing of them', async () => {
      const knex = await databases.init(databaseId);
      const gated = gatedFormat();
      const upload = await startBackend(knex, gated);

      const first = upload(largeScan(3, 1));
      await gated.inside;
      const refused = await Promise.all([
        upload(largeScan(5, 2)),
        upload(largeScan(7, 3)),
      ]);
      for (const res of refused) {
        expect(res.status).toBe(503);
        expect(res.body.error.name).toBe('ServiceUnavailableError');
        expect(res.body.error.message).toContain(
          'security.reports.maxConcurrentIngestions',
        );
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
      // Nothing of the refused ones, nor yet of the held one, is in the store.
      expect(Number((await knex('reports').count({ n: '*' }))[0].n)).toBe(0);

      gated.open();
      const stored = await first;
      expect(stored.status).toBe(201);
      expect(stored.body.findings).toBe(3);
      const reports = await knex('reports').where({ entity_ref: entityRef });
      expect(reports.map(r => r.finding_count)).toEqual([3]);
      const [{ n }] = await knex('vulnerabilities').count({ n: '*' });
      expect(Number(n)).toBe(3);

      // The slot is free again: the next upload goes through.
      const next = await upload(largeScan(5, 2));
      expect(next.status).toBe(201);
      expect(next.body.findings).toBe(5);
    });
  },
);
