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
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { addDays, utcDay } from './fleet/utcDays';

const databases = createTestDatabases();

const api: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'api', namespace: 'default' },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};
const base = '/api/security/v1/entities/component/default';

async function start(
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const knex = await databases.init('SQLITE_3');
  const { server } = await startTestBackend({
    features: [
      securityPlugin,
      catalogServiceMock.factory({ entities: [api] }),
      mockServices.database.factory({ knex }),
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
  return { knex, server, get };
}

const snapshot = (day: string, grade: string, score: number) => ({
  entity_ref: 'component:default/api',
  day,
  grade,
  score,
  checks: JSON.stringify({ 'scan-age': 'pass', sbom: 'fail' }),
  owner_ref: 'group:default/team-a',
  system_ref: null,
  domain_ref: null,
});

describe('GET /v1/entities/{kind}/{namespace}/{name}/history', () => {
  it('answers the daily snapshots of the last N days, oldest first, today from the start-up regrade', async () => {
    const { knex, get } = await start();
    const today = utcDay(new Date());
    // The first start regraded (no policy was remembered): today's snapshot exists, ungraded.
    expect(
      await knex('posture_history').where({ day: today }).select('entity_ref'),
    ).toEqual([{ entity_ref: 'component:default/api' }]);
    await knex('posture_history').insert([
      snapshot(addDays(today, -120), 'F', 20),
      snapshot(addDays(today, -89), 'D', 61),
      snapshot(addDays(today, -30), 'C', 72),
      snapshot(addDays(today, -1), 'B', 84),
      {
        ...snapshot(addDays(today, -1), 'A', 99),
        entity_ref: 'component:default/web',
      },
    ]);

    const res = await get('/api/history');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        date: addDays(today, -89),
        grade: 'D',
        score: 61,
        checks: { 'scan-age': 'pass', sbom: 'fail' },
      },
      expect.objectContaining({ date: addDays(today, -30), grade: 'C' }),
      expect.objectContaining({ date: addDays(today, -1), grade: 'B' }),
      expect.objectContaining({ date: today, grade: null, score: null }),
    ]);

    const twoDays = await get('/api/history?days=2');
    expect(twoDays.body.items.map((i: { date: string }) => i.date)).toEqual([
      addDays(today, -1),
      today,
    ]);
    const all = await get('/api/history?days=400');
    expect(all.body.items).toHaveLength(5);
  });

  it.each(['0', '401', 'abc', '2.5', ''])(
    'answers 400 naming days for days=%s',
    async days => {
      const { get } = await start();
      const res = await get(`/api/history?days=${days}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/days/);
    },
  );

  it('answers 404 for an entity the caller cannot see and 403 without the read permission', async () => {
    const { get } = await start();
    const unknown = await get('/hidden/history');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('component:default/hidden');

    const denied = await (
      await start(AuthorizeResult.DENY)
    ).get('/api/history');
    expect(denied.status).toBe(403);
  });

  it('answers 401 without credentials', async () => {
    const { server } = await start();
    const res = await request(server).get(`${base}/api/history`);
    expect(res.status).toBe(401);
  });
});
