import { expect, test } from '@playwright/test';
import { DEMO_UPLOAD_TOKEN, guestToken, waitForCatalogEntity } from './helpers';

const example = { kind: 'component', namespace: 'default', name: 'payment-gateway' };
const postureUrl = `/api/security/v1/entities/component/default/${example.name}/posture`;

test.describe('built backend over HTTP', () => {
  let token: string;

  test.beforeAll(async ({ request }) => {
    token = await guestToken(request);
    await waitForCatalogEntity(request, token, example);
  });

  test('reads the posture of an example service as a signed-in user', async ({ request }) => {
    const res = await request.get(postureUrl, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body.entityRef).toBe('component:default/payment-gateway');
    for (const key of ['grade', 'score', 'reasons', 'vulnerabilities', 'sbom', 'signature', 'secrets', 'updatedAt']) {
      expect(body).toHaveProperty(key);
    }
  });

  test('reads the posture with the CI token from backend.auth.externalAccess', async ({ request }) => {
    const res = await request.get(postureUrl, {
      headers: { Authorization: `Bearer ${DEMO_UPLOAD_TOKEN}` },
    });
    expect(res.status()).toBe(200);
  });

  test('answers 404 for an entity the catalog does not have', async ({ request }) => {
    const res = await request.get(
      '/api/security/v1/entities/component/default/no-such-service/posture',
      { headers: { Authorization: `Bearer ${token}` } },
    );
    expect(res.status()).toBe(404);
    expect((await res.json()).error.message).toContain('no-such-service');
  });

  test('answers 401 without credentials', async ({ request }) => {
    const res = await request.get(postureUrl);
    expect(res.status()).toBe(401);
  });

  test('answers 401 for a made-up token', async ({ request }) => {
    const res = await request.get(postureUrl, {
      headers: { Authorization: 'Bearer not-a-real-token' },
    });
    expect(res.status()).toBe(401);
  });
});
