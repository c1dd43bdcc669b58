import type { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  DatabaseSecretRequestStore,
  type NewSecretRequest,
} from './DatabaseSecretRequestStore';

const databases = createTestDatabases();
const T0 = new Date('2026-12-30T12:00:00.000Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

const request = (
  id: string,
  overrides: Partial<NewSecretRequest> = {},
): NewSecretRequest => ({
  id,
  entityRef: 'component:default/api',
  ownerRef: 'group:default/team-a',
  kind: 'kv',
  name: 'db',
  rotationPeriodDays: 30,
  justification: 'The API needs its database password',
  requester: 'user:default/alice',
  mount: 'secret',
  path: 'default/api/db',
  expiresAt: at(24),
  ...overrides,
});

const uuid = (n: number) =>
  `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe.each(databases.eachSupportedId())(
  'DatabaseSecretRequestStore on %s',
  id => {
    let knex: Knex;
    let store: DatabaseSecretRequestStore;

    beforeEach(async () => {
      knex = await databases.init(id);
      await knex.migrate.latest({
        directory: `${__dirname}/../../migrations`,
      });
      store = new DatabaseSecretRequestStore(knex);
    });

    it('stores a pending request with its created event and reads it back', async () => {
      const created = await store.create({
        request: request(uuid(1)),
        now: T0,
      });
      expect(created).toEqual({
        outcome: 'created',
        request: expect.objectContaining({
          id: uuid(1),
          status: 'pending',
          attempt: 0,
          version: null,
          createdAt: T0.toISOString(),
          expiresAt: at(24).toISOString(),
        }),
      });
      await expect(store.get({ id: uuid(1), now: T0 })).resolves.toEqual(
        created.outcome === 'created' ? created.request : undefined,
      );
      await expect(store.events({ id: uuid(1) })).resolves.toEqual([
        {
          at: T0.toISOString(),
          type: 'created',
          actor: 'user:default/alice',
          detail: null,
        },
      ]);
    });

    it('keeps one live request per (entity, kind, name) and per Vault location', async () => {
      await store.create({ request: request(uuid(1)), now: T0 });
      const sameName = await store.create({
        request: request(uuid(2), { path: 'elsewhere' }),
        now: T0,
      });
      // Another entity whose ref differs only by kind derives the same path.
      const samePath = await store.create({
        request: request(uuid(3), { entityRef: 'api:default/api' }),
        now: T0,
      });
      const otherKind = await store.create({
        request: request(uuid(4), {
          kind: 'database-role',
          mount: 'database',
          path: 'api-db',
        }),
        now: T0,
      });
      expect([sameName.outcome, samePath.outcome, otherKind.outcome]).toEqual([
        'duplicate',
        'duplicate',
        'created',
      ]);
      expect(sameName.outcome === 'duplicate' && sameName.existing.id).toBe(
        uuid(1),
      );
    });

    it('of many requests for one secret at once, one is stored and the rest are told who holds it', async () => {
      // Half name the secret through component:default/api, half through api:default/api:
      // the entity lock serialises the first, only the unique index can catch the second.
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.create({
            request: request(uuid(i + 1), {
              entityRef:
                i % 2 === 0 ? 'component:default/api' : 'api:default/api',
            }),
            now: T0,
          }),
        ),
      );
      const created = results.filter(r => r.outcome === 'created');
      expect(created).toHaveLength(1);
      const winner = created[0].outcome === 'created' && created[0].request.id;
      for (const result of results.filter(r => r.outcome === 'duplicate')) {
        expect(result.outcome === 'duplicate' && result.existing.id).toBe(
          winner,
        );
      }
      expect(
        Number((await knex('secret_requests').count({ n: '*' }))[0].n),
      ).toBe(1);
    });

    it('frees the name once a request is rejected', async () => {
      await store.create({ request: request(uuid(1)), now: T0 });
      await store.reject({
        id: uuid(1),
        approver: 'user:default/bob',
        reason: 'Use the shared one',
        now: at(1),
      });
      const again = await store.create({
        request: request(uuid(2)),
        now: at(2),
      });
      expect(again.outcome).toBe('created');
    });

    it('approves a pending request once, claiming attempt 1; a second approval is refused', async () => {
      await store.create({ request: request(uuid(1)), now: T0 });
      const first = await store.approve({
        id: uuid(1),
        approver: 'user:default/bob',
        comment: 'ok',
        now: at(1),
      });
      const second = await store.approve({
        id: uuid(1),
        approver: 'user:default/carol',
        comment: null,
        now: at(1),
      });
      expect(first).toEqual({
        outcome: 'changed',
        request: expect.objectContaining({
          status: 'approved',
          approver: 'user:default/bob',
          attempt: 1,
          decidedAt: at(1).toISOString(),
        }),
      });
      expect(second).toEqual({
        outcome: 'refused',
        request: expect.objectContaining({ approver: 'user:default/bob' }),
      });
      await expect(
        store.approve({
          id: uuid(9),
          approver: 'user:default/bob',
          comment: null,
          now: at(1),
        }),
      ).resolves.toEqual({ outcome: 'not-found' });
    });

    it('of many approvals at once, exactly one changes the request', async () => {
      await store.create({ request: request(uuid(1)), now: T0 });
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.approve({
            id: uuid(1),
            approver: `user:default/approver-${i}`,
            comment: null,
            now: at(1),
          }),
        ),
      );
      expect(results.filter(r => r.outcome === 'changed')).toHaveLength(1);
      expect(results.filter(r => r.outcome === 'refused')).toHaveLength(7);
      const events = await store.events({ id: uuid(1) });
      expect(events.map(e => e.type)).toEqual(['created', 'approved']);
    });

    it('treats a pending request past its expiry as expired: listed so, and refused approval', async () => {
      await store.create({ request: request(uuid(1)), now: T0 });
      await expect(store.get({ id: uuid(1), now: at(24) })).resolves.toEqual(
        expect.objectContaining({ status: 'expired' }),
      );
      const listed = async (status: 'pending' | 'expired', hours: number) =>
        (
          await store.list({ status, now: at(hours), offset: 0, limit: 10 })
        ).map(r => r.id);
      await expect(listed('pending', 23)).resolves.toEqual([uuid(1)]);
      await expect(listed('pending', 24)).resolves.toEqual([]);
      await expect(listed('expired', 24)).resolves.toEqual([uuid(1)]);
      await expect(
        store.approve({
          id: uuid(1),
          approver: 'user:default/bob',
          comment: null,
          now: at(24),
        }),
      ).resolves.toEqual(expect.objectContaining({ outcome: 'refused' }));
    });

    it('expires pending requests past their expiry, once, with an event; decided ones stay', async () => {
      await store.create({ request: request(uuid(1)), now: T0 });
      await store.create({
        request: request(uuid(2), { name: 'other', path: 'default/api/other' }),
        now: T0,
      });
      await store.reject({
        id: uuid(2),
        approver: 'user:default/bob',
        reason: 'no',
        now: at(1),
      });
      expect(await store.expire({ now: at(23), limit: 10 })).toEqual([]);
      const expired = await store.expire({ now: at(25), limit: 10 });
      expect(expired.map(r => [r.id, r.status])).toEqual([
        [uuid(1), 'expired'],
      ]);
      expect(await store.expire({ now: at(26), limit: 10 })).toEqual([]);
      const events = await store.events({ id: uuid(1) });
      expect(events.map(e => [e.type, e.actor])).toEqual([
        ['created', 'user:default/alice'],
        ['expired', null],
      ]);
      await expect(store.get({ id: uuid(2), now: at(25) })).resolves.toEqual(
        expect.objectContaining({ status: 'rejected', reason: 'no' }),
      );
    });

    it('writes an attempt outcome only while that attempt is current', async () => {
      await store.create({ request: request(uuid(1)), now: T0 });
      await store.approve({
        id: uuid(1),
        approver: 'user:default/bob',
        comment: null,
        now: at(1),
      });
      const failed = await store.finish({
        id: uuid(1),
        attempt: 1,
        outcome: { type: 'failed', reason: 'Vault answered 503' },
        now: at(1),
      });
      expect(failed).toEqual(
        expect.objectContaining({
          status: 'failed',
          reason: 'Vault answered 503',
        }),
      );
      // A late outcome of the same attempt changes nothing.
      await expect(
        store.finish({
          id: uuid(1),
          attempt: 1,
          outcome: {
            type: 'provisioned',
            mount: 'secret',
            path: 'default/api/db',
            version: 1,
            policyName: 'p',
          },
          now: at(1),
        }),
      ).resolves.toBeUndefined();
      const retried = await store.retry({
        id: uuid(1),
        actor: 'user:default/bob',
        now: at(2),
        staleBefore: at(1.75),
      });
      expect(retried).toEqual({
        outcome: 'changed',
        request: expect.objectContaining({ status: 'approved', attempt: 2 }),
      });
      const provisioned = await store.finish({
        id: uuid(1),
        attempt: 2,
        outcome: {
          type: 'provisioned',
          mount: 'secret',
          path: 'default/api/db',
          version: 1,
          policyName: 'posture-secret-default-api-db',
        },
        now: at(2),
      });
      expect(provisioned).toEqual(
        expect.objectContaining({
          status: 'provisioned',
          reason: null,
          version: 1,
          policyName: 'posture-secret-default-api-db',
          provisionedAt: at(2).toISOString(),
        }),
      );
      expect((await store.events({ id: uuid(1) })).map(e => e.type)).toEqual([
        'created',
        'approved',
        'failed',
        'retried',
        'provisioned',
      ]);
    });

    it('retries only failed requests, or approved ones whose attempt is stale', async () => {
      await store.create({ request: request(uuid(1)), now: T0 });
      const retryAt = (hours: number, staleBefore: number) =>
        store.retry({
          id: uuid(1),
          actor: 'user:default/bob',
          now: at(hours),
          staleBefore: at(staleBefore),
        });
      await expect(retryAt(1, 0)).resolves.toEqual(
        expect.objectContaining({ outcome: 'refused' }),
      );
      await store.approve({
        id: uuid(1),
        approver: 'user:default/bob',
        comment: null,
        now: at(1),
      });
      // Claimed at 1 h: not stale for a cut-off before it, stale for one after it.
      await expect(retryAt(1.1, 0.9)).resolves.toEqual(
        expect.objectContaining({ outcome: 'refused' }),
      );
      await expect(retryAt(3, 2)).resolves.toEqual({
        outcome: 'changed',
        request: expect.objectContaining({ attempt: 2 }),
      });
    });

    it('refuses a retry that would make a second live request for the secret', async () => {
      await store.create({ request: request(uuid(1)), now: T0 });
      await store.approve({
        id: uuid(1),
        approver: 'user:default/bob',
        comment: null,
        now: at(1),
      });
      await store.finish({
        id: uuid(1),
        attempt: 1,
        outcome: { type: 'failed', reason: 'denied' },
        now: at(1),
      });
      await store.create({ request: request(uuid(2)), now: at(2) });
      await expect(
        store.retry({
          id: uuid(1),
          actor: 'user:default/bob',
          now: at(3),
          staleBefore: at(2),
        }),
      ).resolves.toEqual({
        outcome: 'duplicate',
        existing: expect.objectContaining({ id: uuid(2) }),
      });
      await expect(store.get({ id: uuid(1), now: at(3) })).resolves.toEqual(
        expect.objectContaining({ status: 'failed', attempt: 1 }),
      );
    });

    it('lists newest first, filtered by entity, owner, requester (any case) and status', async () => {
      await store.create({ request: request(uuid(1)), now: T0 });
      await store.create({
        request: request(uuid(2), {
          entityRef: 'component:default/web',
          ownerRef: 'group:default/team-b',
          path: 'default/web/db',
          requester: 'user:default/Bob',
        }),
        now: at(1),
      });
      const ids = async (query: object) =>
        (await store.list({ now: at(2), offset: 0, limit: 10, ...query })).map(
          r => r.id,
        );
      await expect(ids({})).resolves.toEqual([uuid(2), uuid(1)]);
      await expect(
        ids({ entityRef: 'component:default/api' }),
      ).resolves.toEqual([uuid(1)]);
      await expect(ids({ ownerRef: 'group:default/team-b' })).resolves.toEqual([
        uuid(2),
      ]);
      await expect(ids({ requester: 'user:default/bob' })).resolves.toEqual([
        uuid(2),
      ]);
      await expect(ids({ status: 'rejected' })).resolves.toEqual([]);
      await expect(ids({ offset: 1 })).resolves.toEqual([uuid(1)]);
    });

    it('answers where provisioned secrets live, per entity in any case, and nothing else', async () => {
      const provision = async (n: number, overrides: object) => {
        await store.create({ request: request(uuid(n), overrides), now: T0 });
        await store.approve({
          id: uuid(n),
          approver: 'user:default/bob',
          comment: null,
          now: at(1),
        });
        const { mount, path } = { ...request(uuid(n)), ...overrides };
        await store.finish({
          id: uuid(n),
          attempt: 1,
          outcome: {
            type: 'provisioned',
            mount,
            path,
            version: null,
            policyName: 'p',
          },
          now: at(n),
        });
      };
      await provision(1, {});
      await provision(2, {
        kind: 'database-role',
        name: 'orders',
        mount: 'database',
        path: 'api-orders',
      });
      await provision(3, {
        entityRef: 'component:default/web',
        path: 'default/web/db',
      });
      // Pending, approved-and-failed and rejected requests hold no secret to read.
      await store.create({
        request: request(uuid(4), { name: 'pending', path: 'default/api/p' }),
        now: T0,
      });
      await store.create({
        request: request(uuid(5), { name: 'failed', path: 'default/api/f' }),
        now: T0,
      });
      await store.approve({
        id: uuid(5),
        approver: 'user:default/bob',
        comment: null,
        now: at(1),
      });
      await store.finish({
        id: uuid(5),
        attempt: 1,
        outcome: { type: 'failed', reason: 'Vault answered 503' },
        now: at(1),
      });

      await expect(
        store.provisionedSecrets({ entityRef: 'Component:default/API' }),
      ).resolves.toEqual([
        {
          entityRef: 'component:default/api',
          kind: 'kv',
          mount: 'secret',
          path: 'default/api/db',
        },
        {
          entityRef: 'component:default/api',
          kind: 'database-role',
          mount: 'database',
          path: 'api-orders',
        },
      ]);
      await expect(store.provisionedSecrets({})).resolves.toEqual([
        expect.objectContaining({ path: 'default/api/db' }),
        expect.objectContaining({ path: 'api-orders' }),
        expect.objectContaining({
          entityRef: 'component:default/web',
          path: 'default/web/db',
        }),
      ]);
    });
  },
);
