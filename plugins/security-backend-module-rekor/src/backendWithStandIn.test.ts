import fs from 'fs';
import os from 'os';
import path from 'path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import securityPlugin, {
  BackgroundTasks,
  securityBackgroundTasksServiceRef,
} from '@posture/backstage-plugin-security-backend';
import trivyModule from '@posture/backstage-plugin-security-backend-module-trivy';
import { createRekorStandIn } from '@posture/dev-stand-ins';
import request from 'supertest';
import rekorModule from './index';
import { readRekorFixture } from './__testUtils__/fixtures';
import { createTestSigstore } from './testing/signedMaterial';

/*
 * Both ways in, through the real security backend: bundles pushed to POST /v1/reports, and
 * attestations pulled from the Rekor stand-in; then the log goes away and the last verdict
 * stays, marked stale, while the backend keeps serving.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const user = mockCredentials.user.header();
const ci = mockCredentials.service.header();

const apiDigest = `sha256:${'a1'.repeat(32)}`;
const workerDigest = `sha256:${'b2'.repeat(32)}`;
// The in-toto subject of the real cosign attestation fixture.
const fixtureDigest =
  'sha256:732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4';
const release = (service: string) => ({
  issuer: 'https://token.actions.githubusercontent.com',
  subject: `https://github.com/acme/${service}/.github/workflows/release.yml@refs/heads/main`,
});

const component = (
  name: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'posture.dev/image': `ghcr.io/acme/${name}`,
      ...annotations,
    },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

const trivyReport = (name: string, digest: string) =>
  JSON.stringify({
    SchemaVersion: 2,
    CreatedAt: '2026-11-20T10:00:00Z',
    ArtifactName: `ghcr.io/acme/${name}:1.0`,
    ArtifactType: 'container_image',
    Metadata: { RepoDigests: [`ghcr.io/acme/${name}@${digest}`] },
    Results: [],
  });

describe('the security backend with the Rekor module', () => {
  const rekor = createRekorStandIn({ publicKeyPem: 'placeholder' });
  // The plugin's background work, so a test can wait for the check an upload started.
  const tasks = new BackgroundTasks(mockServices.logger.mock());
  let rekorServer: { url: string; close(): Promise<void> };
  let server: any;
  const base = (name: string) =>
    `/api/security/v1/entities/component/default/${name}`;

  beforeAll(async () => {
    const sigstore = await createTestSigstore();
    rekor.state.publicKeyPem = sigstore.logPublicKeyPem;
    const { logged } = await sigstore.attestWithEntry({
      subjectDigest: apiDigest,
      signer: release('api'),
      subjectName: 'ghcr.io/acme/api',
    });
    rekor.state.add({ ...logged, subjectDigests: [apiDigest] });
    rekorServer = await rekor.start();

    const dir = fs.mkdtempSync(
      path.join(os.tmpdir(), 'posture-rekor-backend-'),
    );
    const localRoot = path.join(dir, 'trusted_root.json');
    fs.writeFileSync(localRoot, JSON.stringify(sigstore.trustedRoot));

    const knex = await databases.init('SQLITE_3');
    ({ server } = await startTestBackend({
      features: [
        securityPlugin,
        trivyModule,
        rekorModule,
        createServiceFactory({
          service: securityBackgroundTasksServiceRef,
          deps: {},
          factory: () => tasks,
        }),
        catalogServiceMock.factory({
          entities: [
            component('api'),
            component('worker'),
            component('cosign-demo', {
              'posture.dev/signing-identity':
                'https://github.com/login/oauth|cody@soyland\\.com',
            }),
            component('no-digest'),
          ],
        }),
        mockServices.database.factory({ knex }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: {
            security: {
              signing: {
                trustedRoots: ['public-good', localRoot],
                identities: [
                  {
                    issuer: 'https://token.actions.githubusercontent.com',
                    subjectPattern:
                      'https://github\\.com/acme/[^/]+/\\.github/workflows/release\\.yml@refs/heads/main',
                  },
                ],
              },
              rekor: {
                baseUrl: rekorServer.url,
                timeoutMs: 500,
                retries: 1,
                schedule: {
                  frequency: { hours: 24 },
                  timeout: { minutes: 5 },
                  initialDelay: { hours: 24 },
                },
              },
              // The tests refresh one entity back to back; the throttle is tested in the plugin.
              refresh: { minInterval: { seconds: 0 } },
            },
          },
        }),
      ],
    }));
    for (const [name, digest] of [
      ['api', apiDigest],
      ['worker', workerDigest],
      // The attestation fixture's image: only a digest a report names moves the posture.
      ['cosign-demo', fixtureDigest],
    ]) {
      const res = await request(server)
        .post(`/api/security/v1/reports?entityRef=component:default/${name}`)
        .set('Authorization', ci)
        .set('Content-Type', 'application/json')
        .send(trivyReport(name, digest));
      if (res.status !== 201) {
        throw new Error(`seeding ${name}: ${res.status} ${res.text}`);
      }
    }
  });

  afterAll(async () => {
    await rekorServer.close().catch(() => undefined);
  });

  const upload = (query: string, body: unknown) =>
    request(server)
      .post(`/api/security/v1/reports?${query}`)
      .set('Authorization', ci)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(body));

  it('checks a newly reported digest in the log at once, without waiting for the schedule', async () => {
    // Only the Trivy uploads in beforeAll happened: no refresh, and the schedule is a day away.
    await tasks.whenIdle();
    const res = await request(server)
      .get(`${base('api')}/posture`)
      .set('Authorization', user);
    expect(res.body.signature).toMatchObject({
      status: 'verified',
      digest: apiDigest,
    });
  });

  it('verifies an uploaded cosign attestation bundle for the digest it names', async () => {
    const bundle = readRekorFixture(
      'bundles/cosign-oci-image-attestation-dsse.sigstore.json',
    );
    const res = await upload(
      `entityRef=component:default/cosign-demo&digest=${fixtureDigest}`,
      bundle,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/cosign-demo',
      format: 'sigstore-bundle',
      digest: fixtureDigest,
      signature: {
        status: 'verified',
        source: 'upload',
        signer: {
          issuer: 'https://github.com/login/oauth',
          subject: 'cody@soyland.com',
        },
        logIndex: 175508996,
        logUrl: 'https://search.sigstore.dev/?logIndex=175508996',
        integratedTime: '2025-02-28T19:18:11.000Z',
      },
    });
    const posture = await request(server)
      .get(`${base('cosign-demo')}/posture`)
      .set('Authorization', user);
    expect(posture.body.signature).toMatchObject({
      status: 'verified',
      digest: fixtureDigest,
    });
  });

  it('calls the same bundle invalid for another digest, saying why', async () => {
    const bundle = readRekorFixture(
      'bundles/cosign-oci-image-attestation-dsse.sigstore.json',
    );
    const res = await upload(
      `entityRef=component:default/cosign-demo&digest=${workerDigest}`,
      bundle,
    );
    expect(res.status).toBe(201);
    expect(res.body.signature.status).toBe('invalid');
    expect(res.body.signature.reason).toContain(workerDigest);
    // The cryptography held, so who signed it is known; it just signed something else.
    expect(res.body.signature.signer.subject).toBe('cody@soyland.com');
  });

  it('calls a correct bundle from an identity the policy does not allow unexpected-signer', async () => {
    const bundle = readRekorFixture(
      'bundles/cosign-oci-image-attestation-dsse.sigstore.json',
    );
    // worker has no annotation: only the release workflows may sign.
    const res = await upload(
      `entityRef=component:default/worker&digest=${fixtureDigest}`,
      bundle,
    );
    expect(res.status).toBe(201);
    expect(res.body.signature).toMatchObject({
      status: 'unexpected-signer',
      signer: { subject: 'cody@soyland.com' },
    });
    expect(res.body.signature.reason).toContain('cody@soyland.com');
  });

  it('rejects what is not a judgeable bundle with a 400 that says why', async () => {
    const broken = await upload('entityRef=component:default/api', {
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/Not a valid Sigstore bundle/);

    const legacy = await upload(
      'entityRef=component:default/api',
      readRekorFixture('bundles/cosign-legacy-rekorBundle-example.json'),
    );
    expect(legacy.status).toBe(400);
    expect(legacy.body.error.message).toMatch(/legacy bundle/);

    const noPayload = await upload(
      'entityRef=component:default/api',
      readRekorFixture(
        'bundles/oci-image-hashedrekord-minder-v0.1.sigstore.json',
      ),
    );
    expect(noPayload.status).toBe(400);
    expect(noPayload.body.error.message).toMatch(/payload/);

    const badDigest = await upload(
      'entityRef=component:default/api&digest=sha256:nothex',
      readRekorFixture(
        'bundles/cosign-oci-image-attestation-dsse.sigstore.json',
      ),
    );
    expect(badDigest.status).toBe(400);

    const unknownDigest = await upload(
      'entityRef=component:default/no-digest',
      readRekorFixture(
        'bundles/cosign-oci-image-attestation-dsse.sigstore.json',
      ),
    );
    expect(unknownDigest.status).toBe(400);
    expect(unknownDigest.body.error.message).toMatch(
      /No image digest is known/,
    );
  });

  it('needs a token to read signatures', async () => {
    const res = await request(server).get(`${base('api')}/signatures`);
    expect(res.status).toBe(401);
  });

  it('pulls verified and unsigned states from the log, then keeps them stale when the log goes away', async () => {
    for (const name of ['api', 'worker']) {
      const res = await request(server)
        .post(`${base(name)}/refresh`)
        .set('Authorization', user);
      expect(res.status).toBe(202);
      expect(res.body.refreshed).toContain('rekor');
    }
    const api = await request(server)
      .get(`${base('api')}/signatures`)
      .set('Authorization', user);
    expect(api.body.items).toEqual([
      expect.objectContaining({
        digest: apiDigest,
        source: 'rekor',
        status: 'verified',
        signer: release('api'),
        stale: false,
      }),
    ]);
    const worker = await request(server)
      .get(`${base('worker')}/posture`)
      .set('Authorization', user);
    expect(worker.body.signature.status).toBe('unsigned');

    await rekorServer.close();
    const refresh = await request(server)
      .post(`${base('api')}/refresh`)
      .set('Authorization', user);
    expect(refresh.status).toBe(202);
    expect(refresh.body.errors.rekor).toMatch(
      /Rekor at http:\/\/127\.0\.0\.1:\d+: POST \/api\/v1\/index\/retrieve failed/,
    );

    const after = await request(server)
      .get(`${base('api')}/posture`)
      .set('Authorization', user);
    expect(after.status).toBe(200);
    expect(after.body.signature).toMatchObject({
      status: 'verified',
      stale: true,
    });
    const items = await request(server)
      .get(`${base('api')}/signatures`)
      .set('Authorization', user);
    expect(items.body.items[0]).toMatchObject({
      status: 'verified',
      stale: true,
      error: expect.stringContaining('index/retrieve failed'),
    });
  });
});
