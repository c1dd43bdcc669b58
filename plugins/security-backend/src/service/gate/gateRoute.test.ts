import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { securityPlugin } from '../../plugin';
import { fakeFormatModule } from '../../__testUtils__/fakeFormat';

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
const gatePath = '/api/security/v1/gate/component/default/api';

async function startBackend(
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const { server } = await startTestBackend({
    features: [
      securityPlugin,
      fakeFormatModule,
      catalogServiceMock.factory({ entities: [api] }),
      mockServices.permissions.factory({ result: permission }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  /** A scan of the api image `hoursAgo` old with `findings` generated findings. */
  const uploadScan = async (findings: number, hoursAgo: number) => {
    const res = await request(server)
      .post('/api/security/v1/reports?entityRef=component:default/api')
      .set('Content-Type', 'application/json')
      .set('Authorization', mockCredentials.service.header())
      .send(
        JSON.stringify({
          fakeScan: {
            image: 'ghcr.io/acme/api:1.0',
            findings,
            at: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
          },
        }),
      );
    expect(res.status).toBe(201);
  };
  return { server, uploadScan };
}

describe('GET /v1/gate/{kind}/{namespace}/{name}', () => {
  it('answers 200 with pass false and the failing gate checks for a service with fixable findings, and pass true after a clean scan', async () => {
    const { server, uploadScan } = await startBackend();
    // Findings 1 (high) and 2 (medium) have fixed versions; the standard policy gates on high.
    await uploadScan(3, 2);

    const failing = await request(server)
      .get(gatePath)
      .set('Authorization', mockCredentials.service.header());
    expect(failing.status).toBe(200);
    expect(failing.body).toEqual({
      pass: false,
      entityRef: 'component:default/api',
      policy: 'standard',
      grade: expect.any(String),
      score: expect.any(Number),
      violations: [
        {
          check: 'fixable-vulnerabilities',
          status: 'fail',
          message: expect.any(String),
          fix: expect.stringContaining('Upgrade pkg-1 to 1.1.1'),
        },
      ],
      exemptions: [],
    });

    await uploadScan(0, 1);
    const passing = await request(server)
      .get(gatePath)
      .set('Authorization', mockCredentials.user.header());
    expect(passing.status).toBe(200);
    expect(passing.body).toMatchObject({ pass: true, violations: [] });
  });

  it('fails the gate of a service never scanned: its gate checks lack data', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get(gatePath)
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(res.body.pass).toBe(false);
    expect(
      res.body.violations.map((v: { check: string; status: string }) => [
        v.check,
        v.status,
      ]),
    ).toEqual([
      ['known-exploited', 'missing'],
      ['fixable-vulnerabilities', 'missing'],
      ['scan-age', 'missing'],
    ]);
  });

  it('answers 401 without credentials, 404 for an entity the catalog does not have, 403 without security.posture.read', async () => {
    const allowed = await startBackend();
    expect((await request(allowed.server).get(gatePath)).status).toBe(401);
    const unknown = await request(allowed.server)
      .get('/api/security/v1/gate/component/default/nope')
      .set('Authorization', mockCredentials.service.header());
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('component:default/nope');

    const denied = await startBackend(AuthorizeResult.DENY);
    const refused = await request(denied.server)
      .get(gatePath)
      .set('Authorization', mockCredentials.service.header());
    expect(refused.status).toBe(403);
  });
});
