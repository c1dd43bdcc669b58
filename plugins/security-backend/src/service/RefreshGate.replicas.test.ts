import type { Knex } from 'knex';
import { createTestStore } from '../__testUtils__/storeHarness';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { replicaConnection } from '../__testUtils__/replicaConnection';
import { DatabaseRefreshMarkStore } from '../database/DatabaseRefreshMarkStore';
import { RefreshGate, RefreshTooSoonError } from './RefreshGate';

const databases = createTestDatabases();
const INTERVAL_MS = 30_000;

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

/*
 * Two replicas behind a load balancer: the "Check now" limit is the deployment's, so a user
 * cannot refresh an entity twice as often by landing on each replica in turn.
 */
describe.each(databases.eachSupportedId())(
  'the refresh limit across replicas on %s',
  id => {
    let knex: Knex;
    let other: ReturnType<typeof replicaConnection>;
    const clock = { now: Date.parse('2027-02-02T12:00:00.000Z') };
    const gateOn = (db: Knex) =>
      new RefreshGate<string>({
        minIntervalMs: INTERVAL_MS,
        intervalKey: 'security.refresh.minInterval',
        marks: new DatabaseRefreshMarkStore(db),
        now: () => clock.now,
      });
    beforeEach(async () => {
      ({ knex } = await createTestStore(databases, id));
      other = replicaConnection(knex);
    });
    afterEach(async () => {
      await other.destroy();
    });

    it('refuses a refresh on one replica within the interval after one on the other, and while it runs', async () => {
      const a = gateOn(knex);
      const b = gateOn(other.db);
      const ref = 'component:default/api';
      const running = deferred<string>();
      const started = deferred<void>();
      const first = a.run(ref, () => {
        started.resolve();
        return running.promise;
      });
      // A runs only once its claim is in the database.
      await started.promise;
      const work = jest.fn(async () => 'b');
      // While A's refresh runs.
      await expect(b.run(ref, work)).rejects.toBeInstanceOf(
        RefreshTooSoonError,
      );
      clock.now += 5_000;
      running.resolve('a');
      expect(await first).toBe('a');
      // Ten seconds after A's finished: 20 s to go, counted from the end of A's run.
      clock.now += 10_000;
      await expect(b.run('Component:default/API', work)).rejects.toMatchObject({
        statusCode: 429,
        retryAfterSeconds: 20,
      });
      expect(work).not.toHaveBeenCalled();
      // Other entities are not held back.
      expect(await b.run('component:default/other', work)).toBe('b');
      clock.now += 20_000;
      expect(await b.run(ref, work)).toBe('b');
    });

    it('of simultaneous refreshes on two replicas, one runs', async () => {
      clock.now += 3_600_000;
      const gates = [
        gateOn(knex),
        gateOn(other.db),
        gateOn(knex),
        gateOn(other.db),
      ];
      const work = jest.fn(async () => 'checked');
      const results = await Promise.allSettled(
        gates.map(g => g.run('component:default/api', work)),
      );
      expect(work).toHaveBeenCalledTimes(1);
      expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
      expect(
        results.every(
          r =>
            r.status === 'fulfilled' || r.reason instanceof RefreshTooSoonError,
        ),
      ).toBe(true);
    });
  },
);
