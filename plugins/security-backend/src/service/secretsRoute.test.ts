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

const api: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'api',
    namespace: 'default',
    annotations: { 'vault.io/secrets-path': 'team/api/' },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};
const base = '/api/security/v1/entities/component/default/api';
const daysAgo = (days: number) =>
  new Date(Date.now() - days * 86_400_000 - 3_600_000).toISOString();

async function start(
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const fake = createFakeSecretsSource();
  const auditor = mockServices.auditor.mock();
  const { server } = await startTestBackend({
    features: [
      securityPlugin,
      fake.module,
      catalogServiceMock.factory({ entities: [api] }),
      auditor.factory,
      mockServices.permissions.factory({ result: permission }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      // These tests refresh back to back; the throttle has its own test.
      mockServices.rootConfig.factory({
        data: { security: { refresh: { minInterval: { seconds: 0 } } } },
      }),
    ],
  });
  const get = (path: string) =>
    request(server)
      .get(`${base}${path}`)
      .set('Authorization', mockCredentials.user.header());
  const refresh = () =>
    request(server)
      .post(`${base}/refresh`)
      .set('Authorization', mockCredentials.user.header());
  return { server, fake, get, refresh, auditor };
}

describe('secrets routes', () => {
  it('refreshes the entity now and lists its secrets, overdue first, with ages', async () => {
    const { fake, get, refresh, auditor } = await start();
    fake.control.items = [
      {
        path: 'team/api/fresh',
        engine: 'secret',
        kind: 'kv',
        currentVersion: 2,
        createdTime: daysAgo(5),
        updatedTime: null,
        maxAgeDays: 90,
        state: 'active',
        error: null,
      },
      {
        path: 'team/api/old',
        engine: 'secret',
        kind: 'kv',
        currentVersion: 7,
        createdTime: daysAgo(120),
        updatedTime: null,
        maxAgeDays: 90,
        state: 'active',
        error: null,
      },
    ];
    const refreshed = await refresh();
    expect(refreshed.status).toBe(202);
    expect(refreshed.body).toEqual({ refreshed: ['fake-vault'], errors: {} });
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'posture-refresh',
        meta: { entityRef: 'component:default/api' },
      }),
    );

    const list = await get('/secrets');
    expect(list.status).toBe(200);
    expect(
      list.body.items.map((i: any) => [i.path, i.ageDays, i.status]),
    ).toEqual([
      ['team/api/old', 120, 'overdue'],
      ['team/api/fresh', 5, 'ok'],
    ]);
    const posture = await get('/posture');
    expect(posture.body.secrets).toMatchObject({
      total: 2,
      overdue: 1,
      stale: false,
    });
  });

  it('keeps the last data, marked stale with the error, when the source fails, and keeps serving', async () => {
    const { fake, get, refresh } = await start();
    fake.control.items = [
      {
        path: 'team/api/db',
        engine: 'secret',
        kind: 'kv',
        currentVersion: 1,
        createdTime: daysAgo(10),
        updatedTime: null,
        maxAgeDays: 90,
        state: 'active',
        error: null,
      },
    ];
    await refresh();
    fake.control.failWith = 'Vault is sealed or unavailable';
    const failed = await refresh();
    expect(failed.status).toBe(202);
    expect(failed.body).toEqual({
      refreshed: [],
      errors: { 'fake-vault': 'Vault is sealed or unavailable' },
    });

    const list = await get('/secrets');
    expect(list.body.items).toEqual([
      expect.objectContaining({
        path: 'team/api/db',
        ageDays: 10,
        status: 'ok',
        stale: true,
        error: 'Vault is sealed or unavailable',
      }),
    ]);
    expect((await get('/posture')).body.secrets).toMatchObject({
      total: 1,
      stale: true,
    });
  });

  it('answers an empty list for an entity never checked', async () => {
    const { get } = await start();
    const list = await get('/secrets');
    expect(list.body).toEqual({ items: [], totalCount: 0 });
  });

  it('needs security.posture.read to list or refresh', async () => {
    const { get, refresh, fake } = await start(AuthorizeResult.DENY);
    expect((await get('/secrets')).status).toBe(403);
    expect((await refresh()).status).toBe(403);
    expect(fake.control.calls).toEqual([]);
  });
});
