import { mockServices } from '@backstage/backend-test-utils';
import { replicaConnection } from '../__testUtils__/replicaConnection';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabasePostureStore } from './DatabasePostureStore';

const databases = createTestDatabases();

/*
 * Replicas of a new deployment start together against one empty database: each runs the
 * plugin's migrations at start-up, and none may fail for the other doing the same.
 */
describe('replicas starting together on an empty PostgreSQL database', () => {
  it('all migrate and start, and the schema is there once', async () => {
    if (!databases.supports('POSTGRES_15')) return;
    const knex = await databases.init('POSTGRES_15');
    const replicas = [0, 1, 2].map(() => replicaConnection(knex));
    try {
      const started = await Promise.allSettled(
        replicas.map(({ db }) =>
          DatabasePostureStore.create({
            database: mockServices.database({
              knex: db,
              migrations: { skip: false },
            }),
          }),
        ),
      );
      expect(
        started.map(r => (r.status === 'rejected' ? String(r.reason) : 'ok')),
      ).toEqual(['ok', 'ok', 'ok']);
      const applied = await knex('knex_migrations').pluck('name');
      expect(applied).toEqual([...new Set(applied)]);
      expect(applied).toContain('20270202120000_work_queue.js');
    } finally {
      await Promise.all(replicas.map(r => r.destroy()));
    }
  });
});
