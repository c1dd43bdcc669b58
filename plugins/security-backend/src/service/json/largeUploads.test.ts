import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import securityModuleTrivy from '@posture/backstage-plugin-security-backend-module-trivy';
import type { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { securityPlugin } from '../../plugin';
import { INCREMENTAL_PARSE_FROM_CHARS } from './parseJsonBody';

/*
 * Item 2 of issue 10: bodies of a megabyte and more are parsed incrementally, so the event
 * loop keeps turning. Through the route, on each database, they must still be stored as
 * JSON.parse would read them, and refused with a 400 naming the problem and its position
 * when malformed, storing nothing.
 */

const databases = createTestDatabases();
const entityRef = 'component:default/api';

async function startBackend(knex: Knex) {
  const { server } = await startTestBackend({
    features: [
      securityPlugin,
      securityModuleTrivy,
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
        data: { security: { reports: { maxBodySize: '50mb' } } },
      }),
    ],
  });
  return (body: string) =>
    request(server)
      .post(`/api/security/v1/reports?entityRef=${entityRef}`)
      .set('Authorization', mockCredentials.service.header())
      .set('Content-Type', 'application/json')
      .send(body);
}

/** A CycloneDX SBOM of flat components, past the incremental-parse threshold. */
function largeSbom(components: number): string {
  const sbom = JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    metadata: {
      timestamp: '2026-11-20T10:00:00Z',
      component: { name: 'ghcr.io/acme/api', type: 'container' },
    },
    components: Array.from({ length: components }, (_, i) => ({
      type: 'library',
      name: `package-${i}`,
      version: `1.0.${i % 10}`,
      description: 'cafe "quoted"',
    })),
  })
    // A \u escape and a __proto__ key: the incremental parser's own paths.
    .replaceAll('cafe', 'caf\\u00e9')
    .replaceAll('{"type":', '{"__proto__":{"polluted":true},"type":');
  expect(sbom.length).toBeGreaterThan(INCREMENTAL_PARSE_FROM_CHARS);
  return sbom;
}

describe.each(databases.eachSupportedId())(
  'large uploads on %s',
  databaseId => {
    it('stores a large SBOM as JSON.parse reads it', async () => {
      const knex = await databases.init(databaseId);
      const upload = await startBackend(knex);
      const body = largeSbom(20_000);

      const res = await upload(body);

      expect(res.status).toBe(201);
      expect(res.body.components).toBe(20_000);
      const rows = await knex('components')
        .where({ entity_ref: entityRef })
        .orderBy('name')
        .select('name', 'version');
      expect(rows).toHaveLength(20_000);
      const expected = (
        JSON.parse(body).components as Array<{ name: string; version: string }>
      )
        .map(({ name, version }) => ({ name, version }))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      expect(rows).toEqual(expected);
      expect(({} as any).polluted).toBeUndefined();
    });

    it.each([
      [
        'truncated',
        (sbom: string) => sbom.slice(0, sbom.length - 100),
        (body: string) => body.length,
      ],
      [
        'followed by garbage',
        (sbom: string) => `${sbom} trailing`,
        (body: string) => body.indexOf(' trailing') + 1,
      ],
      [
        'with a bad escape',
        (sbom: string) => sbom.replace('package-15000"', 'package-15000\\x"'),
        (body: string) => body.indexOf('package-15000\\x') + 14,
      ],
      [
        'with a raw control character in a string',
        (sbom: string) =>
          sbom.replace('package-15000"', 'package-15000\u0001"'),
        (body: string) => body.indexOf('\u0001'),
      ],
    ])(
      'refuses a large body %s with a 400 naming the problem and where, storing nothing',
      async (_name, corrupt, position) => {
        const knex = await databases.init(databaseId);
        const upload = await startBackend(knex);
        const body = corrupt(largeSbom(20_000));

        const res = await upload(body);

        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
        // The body is ASCII, so its byte positions are its character positions.
        expect(Buffer.byteLength(body)).toBe(body.length);
        expect(res.body.error.message).toMatch(
          /^The report is not valid JSON: (Unexpected |Tokenizer ended in the middle|Parser ended in mid-parsing)/,
        );
        expect(res.body.error.message).toMatch(
          new RegExp(
            `(absolute position "|at position |ends at position )${position(
              body,
            )}\\b`,
          ),
        );
        expect(Number((await knex('reports').count({ n: '*' }))[0].n)).toBe(0);
        expect(Number((await knex('components').count({ n: '*' }))[0].n)).toBe(
          0,
        );
      },
    );
  },
);
