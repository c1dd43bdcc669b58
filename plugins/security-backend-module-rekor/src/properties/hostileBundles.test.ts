import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import securityPlugin from '@posture/backstage-plugin-security-backend';
import trivyModule from '@posture/backstage-plugin-security-backend-module-trivy';
import { hostileValue, mutate } from '@posture/dev-stand-ins';
import fc from 'fast-check';
import fs from 'fs';
import type { Knex } from 'knex';
import os from 'os';
import path from 'path';
import request from 'supertest';
import rekorModule from '../index';
import { readRekorFixture } from '../__testUtils__/fixtures';
import { createTestSigstore } from '../testing/signedMaterial';

/*
 * Signature bundles are an upload format too: any JSON, and real bundles (Sigstore v0.1-v0.3,
 * cosign's legacy --bundle, {bundle, payload}) with fields replaced by hostile values, get a
 * 2xx or a 4xx through the real router, never a 500, on SQLite and PostgreSQL; a 4xx leaves
 * the stored verdicts and the summary as they were. Seeded and bounded.
 */

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});
if (
  process.env.POSTURE_REQUIRE_POSTGRES &&
  !databases.supports('POSTGRES_15')
) {
  throw new Error(
    'POSTURE_REQUIRE_POSTGRES is set but BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not',
  );
}
const ci = mockCredentials.service.header();
const SEED = 20261206;
const RUNS = 60;
// The in-toto subject of the real cosign attestation fixture.
const digest =
  'sha256:732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'cosign-demo',
    namespace: 'default',
    annotations: { 'posture.dev/image': 'ghcr.io/acme/cosign-demo' },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

/** A cosign message signature of the image, made in beforeAll with a throwaway root. */
let signed: { bundle: unknown; legacyBundle: unknown; payload: string };

/** Judgeable uploads of each shape, fresh on every call. */
const templates: Record<string, () => unknown> = {
  'Sigstore bundle (DSSE attestation)': () =>
    readRekorFixture('bundles/cosign-oci-image-attestation-dsse.sigstore.json'),
  'Sigstore bundle v0.1 (in-toto)': () =>
    readRekorFixture('bundles/intoto-slsa-v1-provenance-v0.1.sigstore.json'),
  'cosign image signature bundle with its payload': () =>
    structuredClone({ bundle: signed.bundle, payload: signed.payload }),
  "cosign's legacy --bundle output with its payload": () =>
    structuredClone({ bundle: signed.legacyBundle, payload: signed.payload }),
};

async function storedState(knex: Knex) {
  return {
    signatures: await knex('signatures')
      .select('digest', 'source', 'status', 'reason', 'checked_at')
      .orderBy(['digest', 'source']),
    summary: await knex('entity_posture')
      .select('grade', 'score', 'signature')
      .first(),
  };
}

describe.each(databases.eachSupportedId())('hostile bundles on %s', id => {
  let knex: Knex;
  let server: any;

  beforeAll(async () => {
    const sigstore = await createTestSigstore();
    const image = await sigstore.signImage({
      imageDigest: digest,
      signer: { issuer: 'https://issuer.test', subject: 'release.yml' },
      dockerReference: 'ghcr.io/acme/cosign-demo',
    });
    signed = {
      bundle: image.bundle,
      legacyBundle: image.legacyBundle,
      payload: image.payload.toString('base64'),
    };
    const root = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'posture-hostile-bundles-')),
      'trusted_root.json',
    );
    fs.writeFileSync(root, JSON.stringify(sigstore.trustedRoot));

    knex = await databases.init(id);
    ({ server } = await startTestBackend({
      features: [
        securityPlugin,
        trivyModule,
        rekorModule,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities: [entity] }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: {
            security: { signing: { trustedRoots: ['public-good', root] } },
          },
        }),
      ],
    }));
  });

  async function answersWithout500(document: unknown) {
    const before = await storedState(knex);
    const res = await request(server)
      .post(
        `/api/security/v1/reports?entityRef=component:default/cosign-demo&digest=${digest}`,
      )
      .set('Authorization', ci)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(document) ?? 'null');
    expect(res.status).toBeLessThan(500);
    if (res.status >= 400) {
      expect(await storedState(knex)).toEqual(before);
    }
  }

  it.each(Object.keys(templates))(
    'judges the unchanged %s (the mutations start from a judgeable bundle)',
    async name => {
      const res = await request(server)
        .post(
          `/api/security/v1/reports?entityRef=component:default/cosign-demo&digest=${digest}`,
        )
        .set('Authorization', ci)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(templates[name]()));
      expect([200, 201]).toContain(res.status);
      expect(res.body.format).toBe('sigstore-bundle');
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
    'answers a %s with hostile fields with a 2xx or a 4xx, and a 4xx changes nothing',
    async name => {
      expect.hasAssertions();
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.nat(), hostileValue), {
            minLength: 1,
            maxLength: 3,
          }),
          async mutations =>
            answersWithout500(mutate(templates[name](), mutations)),
        ),
        { seed: SEED, numRuns: RUNS },
      );
    },
    180_000,
  );
});
