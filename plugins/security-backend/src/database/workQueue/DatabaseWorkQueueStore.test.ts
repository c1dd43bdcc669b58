import { createTestStore } from '../../__testUtils__/storeHarness';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { DatabaseWorkQueueStore } from './DatabaseWorkQueueStore';

const databases = createTestDatabases();
const T0 = new Date('2027-02-02T12:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const LEASE = 30_000;

async function setUp(id: Parameters<typeof createTestStore>[1]) {
  const { knex } = await createTestStore(databases, id);
  return { knex, store: new DatabaseWorkQueueStore(knex) };
}

const item = (key: string, fresh = false, now = T0) => ({
  key: `check:${key}`,
  kind: 'check',
  payload: JSON.stringify({ ref: key }),
  fresh,
  now,
});

describe.each(databases.eachSupportedId())(
  'DatabaseWorkQueueStore on %s',
  id => {
    it('keeps one item per key, and lets one claimant hold it until its lease runs out', async () => {
      const { store } = await setUp(id);
      await store.enqueue(item('a'));
      await store.enqueue(item('a'));
      await store.enqueue(item('a', true));
      expect((await store.list()).map(w => w.key)).toEqual(['check:a']);

      const first = await store.claim({
        key: 'check:a',
        worker: 'A',
        leaseMs: LEASE,
        now: T0,
      });
      expect(first).toMatchObject({
        key: 'check:a',
        kind: 'check',
        payload: '{"ref":"a"}',
        attempts: 1,
      });
      // Held: neither another replica nor a sweep gets it while the lease lasts.
      expect(
        await store.claim({
          key: 'check:a',
          worker: 'B',
          leaseMs: LEASE,
          now: at(29),
        }),
      ).toBeUndefined();
      expect(
        await store.claimDue({
          kinds: ['check'],
          worker: 'B',
          leaseMs: LEASE,
          now: at(29),
          limit: 10,
        }),
      ).toEqual([]);
      // A renewal moves the lease on.
      expect(
        await store.renew({
          key: 'check:a',
          claimId: first!.claimId,
          leaseMs: LEASE,
          now: at(20),
        }),
      ).toBe(true);
      expect(
        await store.claimDue({
          kinds: ['check'],
          worker: 'B',
          leaseMs: LEASE,
          now: at(40),
          limit: 10,
        }),
      ).toEqual([]);

      // A falls silent: once the lease ran out, B's sweep takes the item over.
      const [taken] = await store.claimDue({
        kinds: ['check'],
        worker: 'B',
        leaseMs: LEASE,
        now: at(51),
        limit: 10,
      });
      expect(taken).toMatchObject({ key: 'check:a', attempts: 2 });
      // A's claim is gone: it can neither renew nor finish nor release B's item.
      expect(
        await store.renew({
          key: 'check:a',
          claimId: first!.claimId,
          leaseMs: LEASE,
          now: at(52),
        }),
      ).toBe(false);
      expect(
        await store.finish({
          item: first!,
          worker: 'A',
          leaseMs: LEASE,
          now: at(52),
        }),
      ).toEqual({ outcome: 'lost' });
      expect(
        await store.release({
          item: first!,
          error: 'x',
          retryAt: null,
          now: at(52),
        }),
      ).toBe('lost');
      expect((await store.list())[0]).toMatchObject({ claimedBy: 'B' });

      expect(
        await store.finish({
          item: taken,
          worker: 'B',
          leaseMs: LEASE,
          now: at(53),
        }),
      ).toEqual({ outcome: 'done' });
      expect(await store.list()).toEqual([]);
    });

    it('runs fresh work once more when asked while it runs, and plain work not', async () => {
      const { store } = await setUp(id);
      await store.enqueue(item('fresh', true));
      await store.enqueue(item('plain'));
      const fresh = await store.claim({
        key: 'check:fresh',
        worker: 'A',
        leaseMs: LEASE,
        now: T0,
      });
      const plain = await store.claim({
        key: 'check:plain',
        worker: 'A',
        leaseMs: LEASE,
        now: T0,
      });
      // Asked for again, three times each, while both run.
      for (let i = 0; i < 3; i++) {
        await store.enqueue(item('fresh', true, at(1)));
        await store.enqueue(item('plain', false, at(1)));
      }
      const again = await store.finish({
        item: fresh!,
        worker: 'A',
        leaseMs: LEASE,
        now: at(2),
      });
      expect(again).toMatchObject({
        outcome: 'again',
        item: { key: 'check:fresh', attempts: 1 },
      });
      if (again.outcome !== 'again') throw new Error('unreachable');
      expect(again.item.claimId).not.toBe(fresh!.claimId);
      // The second run saw every request: once, not three times.
      expect(
        await store.finish({
          item: again.item,
          worker: 'A',
          leaseMs: LEASE,
          now: at(3),
        }),
      ).toEqual({ outcome: 'done' });
      expect(
        await store.finish({
          item: plain!,
          worker: 'A',
          leaseMs: LEASE,
          now: at(2),
        }),
      ).toEqual({ outcome: 'done' });
      expect(await store.list()).toEqual([]);
    });

    it('backs a failed item off, gives it up when told, and never gives up one asked for again', async () => {
      const { store } = await setUp(id);
      await store.enqueue(item('a'));
      const first = await store.claim({
        key: 'check:a',
        worker: 'A',
        leaseMs: LEASE,
        now: T0,
      });
      expect(
        await store.release({
          item: first!,
          error: 'Rekor answered 503',
          retryAt: at(60),
          now: at(1),
        }),
      ).toBe('retry');
      expect(await store.list()).toEqual([
        expect.objectContaining({
          claimedBy: null,
          attempts: 1,
          runAfter: at(60).toISOString(),
          lastError: 'Rekor answered 503',
        }),
      ]);
      // Not due before its backoff ends, not even for the replica that queued it.
      expect(
        await store.claim({
          key: 'check:a',
          worker: 'A',
          leaseMs: LEASE,
          now: at(59),
        }),
      ).toBeUndefined();
      const second = await store.claim({
        key: 'check:a',
        worker: 'A',
        leaseMs: LEASE,
        now: at(60),
      });
      expect(second).toMatchObject({ attempts: 2 });
      // A fresh request meanwhile outlives giving up: it is due now, its attempts counted anew.
      await store.enqueue(item('a', true, at(61)));
      expect(
        await store.release({
          item: second!,
          error: 'again',
          retryAt: null,
          now: at(62),
        }),
      ).toBe('retry');
      expect(await store.list()).toEqual([
        expect.objectContaining({
          attempts: 0,
          rerun: false,
          runAfter: at(62).toISOString(),
        }),
      ]);
      const third = await store.claim({
        key: 'check:a',
        worker: 'A',
        leaseMs: LEASE,
        now: at(62),
      });
      expect(
        await store.release({
          item: third!,
          error: 'still failing',
          retryAt: null,
          now: at(63),
        }),
      ).toBe('dropped');
      expect(await store.list()).toEqual([]);
    });

    it('a fresh request makes an item backing off due at once', async () => {
      const { store } = await setUp(id);
      await store.enqueue(item('a', true));
      const first = await store.claim({
        key: 'check:a',
        worker: 'A',
        leaseMs: LEASE,
        now: T0,
      });
      await store.release({
        item: first!,
        error: 'x',
        retryAt: at(300),
        now: at(1),
      });
      await store.enqueue(item('a', true, at(2)));
      expect(
        await store.claim({
          key: 'check:a',
          worker: 'A',
          leaseMs: LEASE,
          now: at(2),
        }),
      ).toMatchObject({ attempts: 1 });
    });

    it('sweeps only the kinds asked for, oldest first, at most the limit', async () => {
      const { store } = await setUp(id);
      for (let i = 0; i < 5; i++) {
        await store.enqueue({ ...item(`n${i}`), now: at(i) });
      }
      await store.enqueue({
        key: 'other:x',
        kind: 'other',
        payload: '{}',
        fresh: false,
        now: T0,
      });
      const claimed = await store.claimDue({
        kinds: ['check'],
        worker: 'A',
        leaseMs: LEASE,
        now: at(10),
        limit: 3,
      });
      expect(claimed.map(c => c.key)).toEqual([
        'check:n0',
        'check:n1',
        'check:n2',
      ]);
      expect(
        await store.claimDue({
          kinds: [],
          worker: 'A',
          leaseMs: LEASE,
          now: at(10),
          limit: 3,
        }),
      ).toEqual([]);
    });
  },
);
