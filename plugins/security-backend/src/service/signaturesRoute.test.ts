import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { securityPlugin } from '../plugin';
import {
  fakeBundleHandler,
  fakeBundleModule,
} from '../__testUtils__/fakeBundleHandler';
import { fakeFormatModule } from '../__testUtils__/fakeFormat';

const api: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'api',
    namespace: 'default',
    annotations: { 'posture.dev/image': 'ghcr.io/acme/api' },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};
const base = '/api/security/v1/entities/component/default/api';
const digest = `sha256:${'c'.repeat(64)}`;

async function start(
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  fakeBundleHandler.judged.length = 0;
  const auditor = mockServices.auditor.mock();
  const { server } = await startTestBackend({
    features: [
      securityPlugin,
      fakeBundleModule,
      fakeFormatModule,
      catalogServiceMock.factory({ entities: [api] }),
      auditor.factory,
      mockServices.permissions.factory({ result: permission }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  const get = (path: string) =>
    request(server)
      .get(`${base}${path}`)
      .set('Authorization', mockCredentials.user.header());
  const upload = (query: string, body: unknown) =>
    request(server)
      .post(`/api/security/v1/reports?${query}`)
      .set('Authorization', mockCredentials.service.header())
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(body));
  /** A scan of the entity's image; with `imageDigest`, the report names that digest. */
  const uploadScan = (imageDigest?: string) =>
    upload('entityRef=component:default/api', {
      fakeScan: {
        image: 'ghcr.io/acme/api:1.0',
        findings: 0,
        at: '2026-11-20T00:00:00Z',
        ...(imageDigest ? { digest: imageDigest } : {}),
      },
    });
  return { server, get, upload, uploadScan, auditor };
}

describe('signature uploads and GET .../signatures', () => {
  it('judges an uploaded bundle for the given digest, stores it and lists it', async () => {
    const { get, upload, uploadScan, auditor } = await start();
    expect((await uploadScan(digest)).status).toBe(201);
    const res = await upload(`digest=${digest}`, {
      fakeBundle: { status: 'verified', image: 'ghcr.io/acme/api' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/api',
      format: 'sigstore-bundle',
      artifact: 'ghcr.io/acme/api',
      digest,
      findings: 0,
      signature: { status: 'verified', source: 'upload', logIndex: 42 },
    });
    expect(fakeBundleHandler.judged).toEqual([{ digest, entity: 'api' }]);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'report-ingest' }),
    );

    const list = await get('/signatures');
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      items: [
        expect.objectContaining({
          digest,
          status: 'verified',
          source: 'upload',
          signer: { issuer: 'https://issuer.test', subject: 'ci@acme.test' },
          logUrl: 'https://search.test/?logIndex=42',
          stale: false,
        }),
      ],
      totalCount: 1,
    });
    expect((await get('/posture')).body.signature).toMatchObject({
      status: 'verified',
      digest,
    });
  });

  it('keeps a verified verdict when a failing bundle arrives later (200, unchanged)', async () => {
    const { upload, uploadScan, get } = await start();
    await uploadScan(digest);
    await upload(`entityRef=component:default/api&digest=${digest}`, {
      fakeBundle: { status: 'verified' },
    });
    const later = await upload(
      `entityRef=component:default/api&digest=${digest}`,
      { fakeBundle: { status: 'invalid' } },
    );
    expect(later.status).toBe(200);
    expect(later.body).toMatchObject({
      unchanged: true,
      signature: { status: 'verified' },
    });
    expect((await get('/posture')).body.signature.status).toBe('verified');
  });

  it('rejects a malformed digest and a bundle for an entity with no known digest', async () => {
    const { upload } = await start();
    const bad = await upload(
      'entityRef=component:default/api&digest=sha256:xyz',
      {
        fakeBundle: { status: 'verified' },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('Invalid digest "sha256:xyz"');
    const none = await upload('entityRef=component:default/api', {
      fakeBundle: { status: 'verified' },
    });
    expect(none.status).toBe(400);
    expect(none.body.error.message).toContain(
      'No image digest is known for component:default/api',
    );
    expect(fakeBundleHandler.judged).toEqual([]);
  });

  const reported = `sha256:${'d'.repeat(64)}`;
  type Ctx = Awaited<ReturnType<typeof start>>;
  describe.each<[string, (ctx: Ctx) => Promise<unknown>, unknown]>([
    ['no report', async () => undefined, null],
    ['a report without a digest', ctx => ctx.uploadScan(), null],
    [
      'a report of another digest, verified',
      async ctx => {
        await ctx.uploadScan(reported);
        return ctx.upload(
          `entityRef=component:default/api&digest=${reported}`,
          { fakeBundle: { status: 'verified' } },
        );
      },
      expect.objectContaining({ digest: reported, status: 'verified' }),
    ],
  ])('a bundle for a digest no report names, with %s', (_, setUp, kept) => {
    it('is stored and listed, but moves neither the signature state nor the grade', async () => {
      const ctx = await start();
      const { get, upload } = ctx;
      await setUp(ctx);
      const before = (await get('/posture')).body;
      expect(before.signature).toEqual(kept);

      const res = await upload(
        `entityRef=component:default/api&digest=${digest}`,
        { fakeBundle: { status: 'invalid' } },
      );
      expect(res.status).toBe(201);
      expect(res.body.signature).toMatchObject({ digest, status: 'invalid' });
      const list = await get('/signatures');
      expect(list.body.items).toContainEqual(
        expect.objectContaining({
          digest,
          status: 'invalid',
          source: 'upload',
        }),
      );

      const after = (await get('/posture')).body;
      expect(after.signature).toEqual(before.signature);
      expect(after.grade).toEqual(before.grade);
      expect(after.score).toEqual(before.score);
      // The uploaded verdict is not the current image's: the signature check says what it
      // said before (missing when nothing was known).
      const signatureCheck = (posture: {
        checks: Array<{ check: string; status: string }>;
      }) =>
        posture.checks.find(c => c.check === 'signature')?.status ?? 'missing';
      expect(signatureCheck(after)).toBe(signatureCheck(before));
    });
  });

  it('answers an empty list for an entity never checked', async () => {
    const { get } = await start();
    expect((await get('/signatures')).body).toEqual({
      items: [],
      totalCount: 0,
    });
  });

  it('needs a token, and security.posture.read', async () => {
    const { server } = await start();
    expect((await request(server).get(`${base}/signatures`)).status).toBe(401);
    const denied = await start(AuthorizeResult.DENY);
    expect((await denied.get('/signatures')).status).toBe(403);
  });

  it('answers 404 for an entity the catalog does not have', async () => {
    const { server } = await start();
    const res = await request(server)
      .get('/api/security/v1/entities/component/default/nope/signatures')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(404);
  });
});
