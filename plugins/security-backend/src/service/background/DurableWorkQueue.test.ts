import { mockServices } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { createTestStore } from '../../__testUtils__/storeHarness';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { replicaConnection } from '../../__testUtils__/replicaConnection';
import { DatabaseWorkQueueStore } from '../../database/workQueue/DatabaseWorkQueueStore';
import { BackgroundTasks } from './BackgroundTasks';
import { DurableWorkQueue, MAX_ATTEMPTS } from './DurableWorkQueue';

const databases = createTestDatabases();
const T0 = new Date('2027-02-02T12:00:00.000Z');
const LEASE_MS = 60_000;

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>(res => {
    resolve = res;
  });
  return { promise, resolve };
}

type Check = { entityRef: string };

/** One backend replica: its own connection, background tasks, clock and queue. */
function replica(
  db: Knex,
  name: string,
  options: { leaseMs?: number; clock?: { now: Date } } = {},
) {
  const clock = options.clock ?? { now: T0 };
  const logger = mockServices.logger.mock();
  const tasks = new BackgroundTasks(logger);
  const queue = new DurableWorkQueue({
    store: new DatabaseWorkQueueStore(db),
    tasks,
    logger,
    leaseMs: options.leaseMs ?? LEASE_MS,
    retryDelayMs: 10_000,
    worker: name,
    now: () => clock.now,
  });
  return { queue, tasks, logger, clock };
}

describe.each(databases.eachSupportedId())('DurableWorkQueue on %s', id => {
  let knex: Knex;
  let other: ReturnType<typeof replicaConnection>;
  beforeEach(async () => {
    ({ knex } = await createTestStore(databases, id));
    other = replicaConnection(knex);
  });
  afterEach(async () => {
    await other.destroy();
  });

  it('runs queued work at once on the replica that queued it, once per key, and removes it', async () => {
    const a = replica(knex, 'A');
    const runs: string[] = [];
    const gate = deferred();
    const check = a.queue.define<Check>({
      kind: 'signatures',
      key: p => p.entityRef,
      run: async p => {
        await gate.promise;
        runs.push(p.entityRef);
      },
    });
    const first = check({ entityRef: 'component:default/api' });
    const second = check({ entityRef: 'component:default/api' });
    expect(second).toBe(first);
    expect(a.tasks.pending).toEqual(['signatures:component:default/api']);
    gate.resolve();
    await a.tasks.whenIdle();
    expect(runs).toEqual(['component:default/api']);
    expect(await new DatabaseWorkQueueStore(knex).list()).toEqual([]);
  });

  it('two replicas sweeping the same backlog at once run every item exactly once', async () => {
    // A replica queued 30 items and died before running any.
    const store = new DatabaseWorkQueueStore(knex);
    for (let i = 0; i < 30; i++) {
      await store.enqueue({
        key: `signatures:component:default/svc-${i}`,
        kind: 'signatures',
        payload: JSON.stringify({ entityRef: `component:default/svc-${i}` }),
        fresh: false,
        now: T0,
      });
    }
    const runs = new Map<string, string[]>();
    const replicas = [replica(knex, 'A'), replica(other.db, 'B')];
    for (const r of replicas) {
      r.queue.define<Check>({
        kind: 'signatures',
        key: p => p.entityRef,
        run: async p => {
          runs.set(p.entityRef, [
            ...(runs.get(p.entityRef) ?? []),
            r === replicas[0] ? 'A' : 'B',
          ]);
        },
      });
    }
    const sweepAll = async (r: (typeof replicas)[number]) => {
      while ((await r.queue.sweep()) > 0);
    };
    await Promise.all(replicas.map(sweepAll));

    expect(runs.size).toBe(30);
    expect([...runs.values()].every(by => by.length === 1)).toBe(true);
    expect(await store.list()).toEqual([]);
  });

  it("a dead replica's item is run by another replica's sweep once its lease ran out, not before", async () => {
    const store = new DatabaseWorkQueueStore(knex);
    await store.enqueue({
      key: 'secrets:component:default/api',
      kind: 'secrets',
      payload: JSON.stringify({ entityRef: 'component:default/api' }),
      fresh: true,
      now: T0,
    });
    // Replica A claimed it and died mid-run: no renewal, no completion.
    await store.claim({
      key: 'secrets:component:default/api',
      worker: 'A',
      leaseMs: LEASE_MS,
      now: T0,
    });
    const b = replica(other.db, 'B');
    const runs: string[] = [];
    b.queue.define<Check>({
      kind: 'secrets',
      fresh: true,
      key: p => p.entityRef,
      run: async p => {
        runs.push(p.entityRef);
      },
    });

    b.clock.now = new Date(T0.getTime() + LEASE_MS - 1000);
    expect(await b.queue.sweep()).toBe(0);
    b.clock.now = new Date(T0.getTime() + LEASE_MS + 1000);
    expect(await b.queue.sweep()).toBe(1);
    expect(runs).toEqual(['component:default/api']);
    expect(await store.list()).toEqual([]);
  });

  it('asked for on another replica while it runs: fresh work runs once more afterwards, plain work does not', async () => {
    const a = replica(knex, 'A');
    const b = replica(other.db, 'B');
    const log: string[] = [];
    const started = { fresh: deferred(), plain: deferred() };
    const gate = deferred();
    const define = (r: typeof a, name: string) => {
      const kinds = {
        fresh: r.queue.define<Check>({
          kind: 'fresh',
          fresh: true,
          key: p => p.entityRef,
          run: async () => {
            log.push(`fresh on ${name}`);
            started.fresh.resolve();
            await gate.promise;
          },
        }),
        plain: r.queue.define<Check>({
          kind: 'plain',
          key: p => p.entityRef,
          run: async () => {
            log.push(`plain on ${name}`);
            started.plain.resolve();
            await gate.promise;
          },
        }),
      };
      return kinds;
    };
    const onA = define(a, 'A');
    const onB = define(b, 'B');
    const payload = { entityRef: 'component:default/api' };
    void onA.fresh(payload);
    void onA.plain(payload);
    await started.fresh.promise;
    await started.plain.promise;

    // B is asked three times for each while A runs them: B runs nothing itself.
    for (let i = 0; i < 3; i++) {
      await onB.fresh(payload);
      await onB.plain(payload);
    }
    gate.resolve();
    await a.tasks.whenIdle();
    await b.tasks.whenIdle();

    expect(log.filter(l => l.startsWith('fresh'))).toEqual([
      'fresh on A',
      'fresh on A',
    ]);
    expect(log.filter(l => l.startsWith('plain'))).toEqual(['plain on A']);
    expect(await new DatabaseWorkQueueStore(knex).list()).toEqual([]);
  });

  it('a replica that lost its lease is told through the signal, and the new holder finishes the item', async () => {
    // A short lease, renewed every 100 ms; B's clock runs ahead, as a replica's would that
    // found A's lease expired after A stalled.
    const a = replica(knex, 'A', { leaseMs: 300 });
    const b = replica(other.db, 'B', {
      leaseMs: 300,
      clock: { now: new Date(T0.getTime() + 10_000) },
    });
    const startedOnA = deferred();
    const aborted = deferred<unknown>();
    const runs: string[] = [];
    a.queue.define<Check>({
      kind: 'signatures',
      key: p => p.entityRef,
      run: (_p, signal) =>
        new Promise<void>(resolve => {
          runs.push('A');
          signal.addEventListener('abort', () => {
            aborted.resolve(signal.reason);
            resolve();
          });
          startedOnA.resolve();
        }),
    });
    b.queue.define<Check>({
      kind: 'signatures',
      key: p => p.entityRef,
      run: async () => {
        runs.push('B');
      },
    });
    const store = new DatabaseWorkQueueStore(knex);
    await store.enqueue({
      key: 'signatures:component:default/api',
      kind: 'signatures',
      payload: JSON.stringify({ entityRef: 'component:default/api' }),
      fresh: false,
      now: T0,
    });

    // A starts the item; B's sweep finds its lease expired by B's clock and takes it.
    const aSweep = a.queue.sweep();
    await startedOnA.promise;
    expect(await b.queue.sweep()).toBe(1);
    // A's next renewal finds the claim gone and aborts its run.
    expect(await aborted.promise).toEqual(new Error('lease lost'));
    await aSweep;
    expect(runs).toEqual(['A', 'B']);
    // B's finish removed the item; A recorded nothing of its cut-short run.
    expect(await store.list()).toEqual([]);
    expect(a.logger.info).toHaveBeenCalledWith(
      'Background work signatures:component:default/api was taken over by another replica',
    );
  });

  it('retries failed work after a backoff through the sweep, and gives it up after the last attempt', async () => {
    const a = replica(knex, 'A');
    let calls = 0;
    const check = a.queue.define<Check>({
      kind: 'signatures',
      key: p => p.entityRef,
      run: async () => {
        calls += 1;
        throw new Error('Rekor answered 503');
      },
    });
    await check({ entityRef: 'component:default/api' });
    expect(calls).toBe(1);
    const store = new DatabaseWorkQueueStore(knex);
    expect(await store.list()).toEqual([
      expect.objectContaining({
        attempts: 1,
        lastError: 'Error: Rekor answered 503',
      }),
    ]);
    // Not due during its backoff.
    expect(await a.queue.sweep()).toBe(0);
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      a.clock.now = new Date(a.clock.now.getTime() + 60_000);
      expect(await a.queue.sweep()).toBe(1);
      expect(calls).toBe(attempt);
    }
    expect(await store.list()).toEqual([]);
    expect(a.logger.error).toHaveBeenCalledWith(
      expect.stringContaining(`failed ${MAX_ATTEMPTS} times and was given up`),
    );
  });
});
