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
import { createFakeSecretsSource } from '../__testUtils__/fakeSecretsSource';

// The issue's `recommendations`: an image and Vault paths, but only secrets ever reported.
const recommendations: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'recommendations',
    namespace: 'default',
    annotations: {
      'posture.dev/image': 'ghcr.io/acme/recommendations',
      'vault.io/secrets-path': 'storefront/recommendations/',
    },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};
const base = '/api/security/v1/entities/component/default/recommendations';
const daysAgo = (days: number) =>
  new Date(Date.now() - days * 86_400_000 - 3_600_000).toISOString();

describe('GET .../posture of a service known only by its secrets', () => {
  it('is not an A, says the scan is missing first, and lists what is not known', async () => {
    const fake = createFakeSecretsSource();
    const { server } = await startTestBackend({
      features: [
        securityPlugin,
        fake.module,
        catalogServiceMock.factory({ entities: [recommendations] }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    fake.control.items = [
      {
        path: 'storefront/recommendations/api-key',
        engine: 'secret',
        kind: 'kv',
        currentVersion: 2,
        createdTime: daysAgo(5),
        updatedTime: null,
        maxAgeDays: 90,
        state: 'active',
        error: null,
      },
    ];
    const refreshed = await request(server)
      .post(`${base}/refresh`)
      .set('Authorization', mockCredentials.user.header());
    expect(refreshed.status).toBe(202);

    const res = await request(server)
      .get(`${base}/posture`)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    // Only secret-age (10 of 130) passes: the scan checks and the signature are missing,
    // which never counts as passed, and the SBOM is absent.
    expect(res.body).toMatchObject({
      grade: 'F',
      score: 8,
      policy: 'standard',
      vulnerabilities: null,
      sbom: null,
      signature: null,
      secrets: { total: 1, overdue: 0 },
      missing: ['scan', 'sbom', 'signature'],
    });
    expect(
      res.body.checks.map((c: { check: string; status: string }) => [
        c.check,
        c.status,
      ]),
    ).toEqual([
      ['known-exploited', 'missing'],
      ['exploit-likelihood', 'missing'],
      ['fixable-vulnerabilities', 'missing'],
      ['scan-age', 'missing'],
      ['sbom', 'fail'],
      ['signature', 'missing'],
      ['secret-age', 'pass'],
    ]);
    expect(res.body.reasons[0]).toMatchObject({
      check: 'known-exploited',
      message: expect.stringMatching(/^No vulnerability scan/),
    });
  });
});
