import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import { securityPlugin } from '../plugin';
import { fakeFormatModule } from '../__testUtils__/fakeFormat';

function component(name: string, image?: string): Entity {
  const annotations: Record<string, string> = image
    ? { 'posture.dev/image': image }
    : {};
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations,
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

const entities = [
  component('api', 'ghcr.io/acme/api'),
  component('web', 'ghcr.io/acme/web, docker.io/acme/web-legacy'),
  component('twin-a', 'ghcr.io/acme/twin'),
  component('twin-b', 'ghcr.io/acme/twin'),
];

async function startBackend(
  options: {
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    maxBodySize?: string;
  } = {},
) {
  const { server } = await startTestBackend({
    features: [
      securityPlugin,
      fakeFormatModule,
      catalogServiceMock.factory({ entities }),
      mockServices.permissions.factory({
        result: options.permission ?? AuthorizeResult.ALLOW,
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({
        data: {
          security: { reports: { maxBodySize: options.maxBodySize ?? '1mb' } },
        },
      }),
    ],
  });
  const ci = mockCredentials.service.header();
  const upload = (
    body: string | Buffer,
    query = '',
    auth: string | null = ci,
  ) => {
    const req = request(server)
      .post(`/api/security/v1/reports${query}`)
      .set('Content-Type', 'application/json');
    if (auth) req.set('Authorization', auth);
    return req.send(body);
  };
  const posture = async (name: string) =>
    (
      await request(server)
        .get(`/api/security/v1/entities/component/default/${name}/posture`)
        .set('Authorization', mockCredentials.user.header())
    ).body;
  return { server, upload, posture };
}

const scan = (findings: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    fakeScan: {
      image: 'ghcr.io/acme/api:1.0',
      findings,
      at: '2026-11-20T00:00:00Z',
      ...extra,
    },
  });

describe('POST /v1/reports', () => {
  it('stores a report for the entity named by entityRef and answers 201 with what was stored', async () => {
    const { upload, posture } = await startBackend();
    const res = await upload(scan(7), '?entityRef=component:default/api');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/api',
      format: 'trivy',
      artifact: 'ghcr.io/acme/api',
      findings: 7,
      components: 0,
    });
    expect(res.body.unchanged).toBeUndefined();
    expect((await posture('api')).vulnerabilities.critical).toBe(2);
  });

  it('finds the entity from its posture.dev/image annotation when entityRef is absent', async () => {
    const { upload } = await startBackend();
    const res = await upload(
      scan(1, { image: 'docker.io/acme/web-legacy:2024@sha256:abcd' }),
    );
    expect(res.status).toBe(201);
    expect(res.body.entityRef).toBe('component:default/web');
  });

  it('answers 200 unchanged for the same report uploaded twice', async () => {
    const { upload } = await startBackend();
    const first = await upload(scan(3), '?entityRef=component:default/api');
    const second = await upload(scan(3), '?entityRef=component:default/api');
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ ...first.body, unchanged: true });
  });

  it('answers 409 and keeps the newer findings when an older scan arrives', async () => {
    const { upload, posture } = await startBackend();
    await upload(scan(3), '?entityRef=component:default/api');
    const res = await upload(
      scan(9, { at: '2026-01-01T00:00:00Z' }),
      '?entityRef=component:default/api',
    );
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('A newer trivy report');
    expect((await posture('api')).vulnerabilities.critical).toBe(1);
  });

  describe('rejects, naming the problem, and stores nothing', () => {
    let ctx: Awaited<ReturnType<typeof startBackend>>;
    beforeAll(async () => {
      ctx = await startBackend({ maxBodySize: '2kb' });
      await ctx.upload(scan(3), '?entityRef=component:default/api');
    });

    it.each([
      ['malformed JSON', 400, '{"fakeScan": ', 'not valid JSON'],
      ['an empty body', 400, '', 'body is empty'],
      [
        'JSON of another shape',
        400,
        '{"hello":"world"}',
        'Unrecognised report',
      ],
      [
        'a document its format rejects',
        400,
        '{"fakeScan":{"findings":"many"}}',
        'fakeScan.findings must be a number',
      ],
    ])('%s: %i', async (_, status, body, message) => {
      const res = await ctx.upload(body, '?entityRef=component:default/api');
      expect(res.status).toBe(status);
      expect(res.body.error.message).toContain(message);
    });

    it('a body over the configured limit: 413', async () => {
      const res = await ctx.upload(
        scan(1, { padding: 'x'.repeat(4096) }),
        '?entityRef=component:default/api',
      );
      expect(res.status).toBe(413);
      expect(res.body.error.message).toContain('security.reports.maxBodySize');
    });

    it('an unknown entity: 404', async () => {
      const res = await ctx.upload(
        scan(1),
        '?entityRef=component:default/nope',
      );
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain('component:default/nope');
    });

    it('an image no entity claims: 404 saying how to fix it', async () => {
      const res = await ctx.upload(
        scan(1, { image: 'ghcr.io/acme/unknown:1' }),
      );
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain('posture.dev/image');
    });

    it('an image two entities claim: 400 listing them', async () => {
      const res = await ctx.upload(scan(1, { image: 'ghcr.io/acme/twin:1' }));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('component:default/twin-a');
    });

    it('an invalid entityRef: 400', async () => {
      const res = await ctx.upload(scan(1), '?entityRef=component:default/');
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('Invalid entityRef');
    });

    it('no credentials: 401', async () => {
      const res = await ctx.upload(
        scan(1),
        '?entityRef=component:default/api',
        null,
      );
      expect(res.status).toBe(401);
    });

    // Runs last in this block: after every rejection above, the store is as the first upload left it.
    it('leaves the stored report untouched', async () => {
      const after = await ctx.posture('api');
      expect(after.vulnerabilities).toMatchObject({
        critical: 1,
        high: 1,
        medium: 1,
        low: 0,
      });
    });
  });

  it('lets a user upload only with security.report.create', async () => {
    const denied = await startBackend({ permission: AuthorizeResult.DENY });
    const res = await denied.upload(
      scan(1),
      '?entityRef=component:default/api',
      mockCredentials.user.header(),
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('security.report.create');
    const allowed = await startBackend();
    const ok = await allowed.upload(
      scan(1),
      '?entityRef=component:default/api',
      mockCredentials.user.header(),
    );
    expect(ok.status).toBe(201);
  });

  it('trusts service credentials even when the policy denies users', async () => {
    const { upload } = await startBackend({ permission: AuthorizeResult.DENY });
    const res = await upload(scan(1), '?entityRef=component:default/api');
    expect(res.status).toBe(201);
  });
});
