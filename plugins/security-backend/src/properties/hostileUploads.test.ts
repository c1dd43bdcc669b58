import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import trivyModule from '@posture/backstage-plugin-security-backend-module-trivy';
import fc from 'fast-check';
import type { Knex } from 'knex';
import request from 'supertest';
import { securityPlugin } from '../plugin';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  hostileValue,
  mutate,
  templates,
} from '../__testUtils__/hostileDocuments';

/*
 * Any JSON, and valid documents of each format with fields replaced by hostile values, get a
 * 2xx or a 4xx through the real router, never a 500, on SQLite and PostgreSQL; a 4xx leaves
 * the reports, their rows and the summary exactly as they were. Runs are bounded and seeded:
 * a failure prints the seed and the shrunk counterexample to replay.
 */

const databases = createTestDatabases();
const ci = mockCredentials.service.header();
const SEED = 20261210;
const RUNS = 100;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'api',
    namespace: 'default',
    annotations: { 'posture.dev/image': 'ghcr.io/acme/api' },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

/** Everything an upload may write, in a comparable form. */
async function storedState(knex: Knex) {
  const count = async (table: string) =>
    Number((await knex(table).count({ n: '*' }))[0].n);
  return {
    reports: await knex('reports')
      .select('id', 'artifact', 'format', 'sha256', 'finding_count')
      .orderBy('id'),
    vulnerabilities: await count('vulnerabilities'),
    components: await count('components'),
    documents: await count('report_documents'),
    signatures: await count('signatures'),
    summary: await knex('entity_posture')
      .select('grade', 'score', 'vulnerabilities', 'sbom', 'signature')
      .first(),
  };
}

describe.each(databases.eachSupportedId())('hostile uploads on %s', id => {
  let knex: Knex;
  let server: any;

  beforeAll(async () => {
    knex = await databases.init(id);
    ({ server } = await startTestBackend({
      features: [
        securityPlugin,
        trivyModule,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities: [entity] }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    }));
  });

  const upload = (body: string) =>
    request(server)
      .post('/api/security/v1/reports?entityRef=component:default/api')
      .set('Authorization', ci)
      .set('Content-Type', 'application/json')
      .send(body);

  /** Posts the document: never a 500, and a refusal changes nothing. */
  async function answersWithout500(document: unknown) {
    const before = await storedState(knex);
    const res = await upload(JSON.stringify(document) ?? 'null');
    expect(res.status).toBeLessThan(500);
    if (res.status >= 400) {
      expect(await storedState(knex)).toEqual(before);
    }
  }

  it.each(Object.keys(templates))(
    'stores the unchanged %s template (the mutations start from a valid document)',
    async format => {
      const res = await upload(JSON.stringify(templates[format]()));
      expect([200, 201]).toContain(res.status);
    },
  );

  it('answers any JSON value with a 2xx or a 4xx, and a 4xx changes nothing', async () => {
    expect.hasAssertions();
    await fc.assert(fc.asyncProperty(fc.jsonValue(), answersWithout500), {
      seed: SEED,
      numRuns: RUNS,
    });
  }, 120_000);

  it.each(Object.keys(templates))(
    'answers %s documents with hostile fields with a 2xx or a 4xx, and a 4xx changes nothing',
    async format => {
      expect.hasAssertions();
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.nat(), hostileValue), {
            minLength: 1,
            maxLength: 3,
          }),
          async mutations =>
            answersWithout500(mutate(templates[format](), mutations)),
        ),
        { seed: SEED, numRuns: RUNS },
      );
    },
    120_000,
  );
});
