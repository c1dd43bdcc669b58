import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { securityPlugin } from './plugin';

const paymentGateway = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payment-gateway',
    namespace: 'default',
    annotations: { 'posture.dev/image': 'ghcr.io/acme/payment-gateway' },
  },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
};

const postureUrl =
  '/api/security/v1/entities/component/default/payment-gateway/posture';

async function startBackend(
  options: { permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY } = {},
) {
  const auditor = mockServices.auditor.mock();
  const { server } = await startTestBackend({
    features: [
      securityPlugin,
      catalogServiceMock.factory({ entities: [paymentGateway] }),
      mockServices.permissions.factory({
        result: options.permission ?? AuthorizeResult.ALLOW,
      }),
      auditor.factory,
      // The mock otherwise treats a request without a token as a signed-in user.
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  return { server, auditor };
}

describe('GET /v1/entities/{kind}/{namespace}/{name}/posture', () => {
  it('answers the contract with nulls for a known entity nothing was reported for', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get(postureUrl)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      entityRef: 'component:default/payment-gateway',
      grade: null,
      score: null,
      reasons: [],
      vulnerabilities: null,
      sbom: null,
      signature: null,
      secrets: null,
      updatedAt: null,
      // Graded once something is reported; until then no policy has been applied.
      policy: null,
      checks: [],
      // The entity declares an image and no Vault paths: secrets do not apply.
      missing: ['scan', 'sbom', 'signature'],
    });
  });

  it('accepts service credentials, as CI and other plugins use', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get(postureUrl)
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
  });

  it('matches the entity name case-insensitively, as the catalog does', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get(
        '/api/security/v1/entities/Component/default/Payment-Gateway/posture',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/payment-gateway');
  });

  it('answers 404 naming the entity when the catalog does not know it', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get(
        '/api/security/v1/entities/component/default/no-such-service/posture',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain(
      'component:default/no-such-service',
    );
  });

  it('answers 401 without credentials', async () => {
    const { server } = await startBackend();
    const res = await request(server).get(postureUrl);
    expect(res.status).toBe(401);
  });

  it('answers 401 for an invalid token', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get(postureUrl)
      .set('Authorization', mockCredentials.user.invalidHeader());
    expect(res.status).toBe(401);
  });

  it('answers 403 when the permission policy denies security.posture.read', async () => {
    const { server } = await startBackend({ permission: AuthorizeResult.DENY });
    const res = await request(server)
      .get(postureUrl)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
  });

  it('records an auditor event for each read, failed reads included', async () => {
    const { server, auditor } = await startBackend();
    await request(server)
      .get(postureUrl)
      .set('Authorization', mockCredentials.user.header());
    await request(server)
      .get('/api/security/v1/entities/component/default/nope/posture')
      .set('Authorization', mockCredentials.user.header());
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'posture-fetch',
        meta: { entityRef: 'component:default/payment-gateway' },
      }),
    );
    expect(auditor.createEvent).toHaveBeenCalledTimes(2);
  });

  it('serves the OpenAPI spec the router is generated from', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get('/api/security/openapi.json')
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toContain(
      '/api/security/v1/entities/{kind}/{namespace}/{name}/posture',
    );
  });
});
