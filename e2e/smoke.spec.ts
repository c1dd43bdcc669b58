import { expect, test } from '@playwright/test';
import fs from 'fs';
import path from 'path';
import { DEMO_UPLOAD_TOKEN, guestToken, waitForCatalogEntity } from './helpers';

const example = {
  kind: 'component',
  namespace: 'default',
  name: 'payment-gateway',
};
const postureUrl = `/api/security/v1/entities/component/default/${example.name}/posture`;
// A component only the e2e catalog has (e2e/catalog.e2e.yaml), so this test owns its data and
// the example services keep theirs (the browser tests expect recommendations unscanned and
// identity-admin-portal empty).
const uploadTarget = 'e2e-upload-target';

test.describe('built backend over HTTP', () => {
  let token: string;

  test.beforeAll(async ({ request }) => {
    token = await guestToken(request);
    await waitForCatalogEntity(request, token, example);
    await waitForCatalogEntity(request, token, {
      ...example,
      name: uploadTarget,
    });
  });

  test('reads the posture of an example service as a signed-in user', async ({
    request,
  }) => {
    const res = await request.get(postureUrl, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body.entityRef).toBe('component:default/payment-gateway');
    for (const key of [
      'grade',
      'score',
      'reasons',
      'vulnerabilities',
      'sbom',
      'signature',
      'secrets',
      'updatedAt',
    ]) {
      expect(body).toHaveProperty(key);
    }
  });

  test('answers 404 for an entity the catalog does not have', async ({
    request,
  }) => {
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

  test('CI uploads a Trivy report with the external access token, once', async ({
    request,
  }) => {
    const report = fs.readFileSync(
      path.resolve(__dirname, '../examples/reports/payment-gateway/trivy.json'),
      'utf8',
    );
    const doc = JSON.parse(report);
    const expected = doc.Results.reduce(
      (n: number, r: { Vulnerabilities?: unknown[] }) =>
        n + (r.Vulnerabilities?.length ?? 0),
      0,
    );
    const upload = () =>
      request.post(
        `/api/security/v1/reports?entityRef=component:default/${uploadTarget}`,
        {
          headers: {
            Authorization: `Bearer ${DEMO_UPLOAD_TOKEN}`,
            'Content-Type': 'application/json',
          },
          data: report,
        },
      );
    const first = await upload();
    expect(first.status()).toBe(201);
    expect(await first.json()).toMatchObject({
      format: 'trivy',
      findings: expected,
    });
    const again = await upload();
    expect(again.status()).toBe(200);
    expect((await again.json()).unchanged).toBe(true);

    const list = await request.get(
      `/api/security/v1/entities/component/default/${uploadTarget}/vulnerabilities?severity=critical&limit=5`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    const body = await list.json();
    expect(body.items.length).toBeGreaterThan(0);
    expect(
      body.items.every((v: { severity: string }) => v.severity === 'critical'),
    ).toBe(true);
  });

  test('rejects an upload without credentials and a malformed one, with messages', async ({
    request,
  }) => {
    const anonymous = await request.post('/api/security/v1/reports', {
      data: '{}',
    });
    expect(anonymous.status()).toBe(401);
    const malformed = await request.post(
      `/api/security/v1/reports?entityRef=component:default/${uploadTarget}`,
      {
        headers: {
          Authorization: `Bearer ${DEMO_UPLOAD_TOKEN}`,
          'Content-Type': 'application/json',
        },
        // A Buffer: Playwright would JSON-encode a string that is not valid JSON.
        data: Buffer.from('{"SchemaVersion": 2, "Results": ['),
      },
    );
    expect(malformed.status()).toBe(400);
    expect((await malformed.json()).error.message).toContain('not valid JSON');
  });
});
