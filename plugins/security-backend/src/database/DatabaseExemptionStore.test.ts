import { randomUUID } from 'crypto';
import {
  createTestStore,
  reportWrite,
  TEST_ENTITY_REF,
} from '../__testUtils__/storeHarness';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  DatabaseExemptionStore,
  type NewExemption,
} from './DatabaseExemptionStore';

const databases = createTestDatabases();
const DAY = 24 * 60 * 60 * 1000;
const T0 = new Date('2026-12-01T12:00:00.000Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);

function request(overrides: Partial<NewExemption> = {}): NewExemption {
  return {
    id: randomUUID(),
    entityRef: TEST_ENTITY_REF,
    check: 'scan-age',
    findingId: null,
    justification: 'The scanner is being migrated this sprint',
    requester: 'user:default/alice',
    expiresAt: at(30),
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseExemptionStore on %s',
  id => {
    async function setUp() {
      const harness = await createTestStore(databases, id);
      return {
        ...harness,
        exemptions: new DatabaseExemptionStore(harness.knex),
      };
    }

    it('stores a pending request and reads it back exactly', async () => {
      const { exemptions } = await setUp();
      const asked = request({
        check: 'fixable-vulnerabilities',
        findingId: 'CVE-2026-10001',
      });

      const result = await exemptions.create({ exemption: asked, now: T0 });

      expect(result).toEqual({
        outcome: 'created',
        exemption: {
          id: asked.id,
          entityRef: TEST_ENTITY_REF,
          check: 'fixable-vulnerabilities',
          findingId: 'CVE-2026-10001',
          justification: asked.justification,
          requester: 'user:default/alice',
          approver: null,
          comment: null,
          status: 'pending',
          expiresAt: at(30).toISOString(),
          createdAt: T0.toISOString(),
          decidedAt: null,
        },
      });
      expect(await exemptions.get({ id: asked.id, now: T0 })).toEqual(
        result.outcome === 'created' && result.exemption,
      );
    });

    it('refuses a second open request for the same check or finding, but not for another finding or after a rejection', async () => {
      const { exemptions } = await setUp();
      const first = request();
      await exemptions.create({ exemption: first, now: T0 });

      const again = await exemptions.create({ exemption: request(), now: T0 });
      expect(again).toMatchObject({
        outcome: 'duplicate',
        existing: { id: first.id },
      });

      const finding = (findingId: string) =>
        request({ check: 'fixable-vulnerabilities', findingId });
      expect(
        (await exemptions.create({ exemption: finding('CVE-1'), now: T0 }))
          .outcome,
      ).toBe('created');
      expect(
        (await exemptions.create({ exemption: finding('CVE-2'), now: T0 }))
          .outcome,
      ).toBe('created');
      expect(
        (await exemptions.create({ exemption: finding('CVE-1'), now: T0 }))
          .outcome,
      ).toBe('duplicate');
      // The whole check and one finding of it are different exemptions.
      expect(
        (
          await exemptions.create({
            exemption: request({ check: 'fixable-vulnerabilities' }),
            now: T0,
          })
        ).outcome,
      ).toBe('created');

      await exemptions.decide({
        id: first.id,
        status: 'rejected',
        approver: 'user:default/bob',
        comment: null,
        now: T0,
      });
      expect(
        (await exemptions.create({ exemption: request(), now: T0 })).outcome,
      ).toBe('created');
    });

    it('lets a new request in once the open one has expired, before the expiry pass ran', async () => {
      const { exemptions } = await setUp();
      await exemptions.create({
        exemption: request({ expiresAt: at(2) }),
        now: T0,
      });
      expect(
        (await exemptions.create({ exemption: request(), now: at(1) })).outcome,
      ).toBe('duplicate');
      expect(
        (await exemptions.create({ exemption: request(), now: at(3) })).outcome,
      ).toBe('created');
    });

    it('stores one of ten identical requests sent at once', async () => {
      const { exemptions, count } = await setUp();
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          exemptions.create({ exemption: request(), now: T0 }),
        ),
      );
      expect(results.filter(r => r.outcome === 'created')).toHaveLength(1);
      expect(results.filter(r => r.outcome === 'duplicate')).toHaveLength(9);
      expect(await count('posture_exemptions')).toBe(1);
    });

    it('approves a pending exemption once: a second decision changes nothing and says what happened', async () => {
      const { exemptions } = await setUp();
      const asked = request();
      await exemptions.create({ exemption: asked, now: T0 });

      const approved = await exemptions.decide({
        id: asked.id,
        status: 'approved',
        approver: 'user:default/bob',
        comment: 'Fine until the migration',
        now: at(1),
      });
      expect(approved).toEqual({
        outcome: 'decided',
        exemption: expect.objectContaining({
          status: 'approved',
          approver: 'user:default/bob',
          comment: 'Fine until the migration',
          decidedAt: at(1).toISOString(),
        }),
      });

      const late = await exemptions.decide({
        id: asked.id,
        status: 'rejected',
        approver: 'user:default/carol',
        comment: null,
        now: at(2),
      });
      expect(late).toEqual({
        outcome: 'not-pending',
        exemption: expect.objectContaining({
          status: 'approved',
          approver: 'user:default/bob',
        }),
      });
    });

    it('lets exactly one of two approvers racing win', async () => {
      const { exemptions } = await setUp();
      for (let round = 0; round < 5; round++) {
        const asked = request({
          check: 'sbom',
          findingId: null,
          entityRef: `component:default/race-${round}`,
        });
        await exemptions.create({ exemption: asked, now: T0 });
        const results = await Promise.all(
          ['user:default/bob', 'user:default/carol'].map(approver =>
            exemptions.decide({
              id: asked.id,
              status: 'approved',
              approver,
              comment: null,
              now: T0,
            }),
          ),
        );
        expect(results.map(r => r.outcome).sort()).toEqual([
          'decided',
          'not-pending',
        ]);
        const winner = results.find(r => r.outcome === 'decided');
        const stored = await exemptions.get({ id: asked.id, now: T0 });
        expect(stored?.approver).toBe(
          winner?.outcome === 'decided' ? winner.exemption.approver : undefined,
        );
      }
    });

    it('refuses to approve once the expiry has passed, and answers not-found for an unknown id', async () => {
      const { exemptions } = await setUp();
      const asked = request({ expiresAt: at(1) });
      await exemptions.create({ exemption: asked, now: T0 });

      const result = await exemptions.decide({
        id: asked.id,
        status: 'approved',
        approver: 'user:default/bob',
        comment: null,
        now: at(1),
      });
      expect(result).toEqual({
        outcome: 'not-pending',
        exemption: expect.objectContaining({
          status: 'expired',
          approver: null,
        }),
      });
      expect(
        await exemptions.decide({
          id: randomUUID(),
          status: 'approved',
          approver: 'user:default/bob',
          comment: null,
          now: T0,
        }),
      ).toEqual({ outcome: 'not-found' });
    });

    it('lists newest first, by entity and by status as of now (an approved one past its expiry is expired)', async () => {
      const { exemptions } = await setUp();
      const old = request({ expiresAt: at(5) });
      const other = request({
        entityRef: 'component:default/other',
        check: 'sbom',
      });
      const newest = request({ check: 'signature' });
      await exemptions.create({ exemption: old, now: T0 });
      await exemptions.create({ exemption: other, now: at(1) });
      await exemptions.create({ exemption: newest, now: at(2) });
      await exemptions.decide({
        id: old.id,
        status: 'approved',
        approver: 'user:default/bob',
        comment: null,
        now: at(2),
      });

      const ids = async (
        query: Parameters<DatabaseExemptionStore['list']>[0],
      ) => (await exemptions.list(query)).map(e => e.id);
      const page = { offset: 0, limit: 50 };

      expect(await ids({ ...page, now: at(3) })).toEqual([
        newest.id,
        other.id,
        old.id,
      ]);
      expect(
        await ids({ ...page, now: at(3), entityRef: TEST_ENTITY_REF }),
      ).toEqual([newest.id, old.id]);
      expect(await ids({ ...page, now: at(3), status: 'approved' })).toEqual([
        old.id,
      ]);
      expect(await ids({ ...page, now: at(3), status: 'pending' })).toEqual([
        newest.id,
        other.id,
      ]);
      // Day 6: the approved one ran out, though nothing marked it yet.
      expect(await ids({ ...page, now: at(6), status: 'approved' })).toEqual(
        [],
      );
      expect(await ids({ ...page, now: at(6), status: 'expired' })).toEqual([
        old.id,
      ]);
      expect((await exemptions.get({ id: old.id, now: at(6) }))?.status).toBe(
        'expired',
      );
      expect(await ids({ offset: 1, limit: 1, now: at(3) })).toEqual([
        other.id,
      ]);
    });

    it('marks approved and pending exemptions past their expiry expired, once, and leaves the rest', async () => {
      const { exemptions } = await setUp();
      const approved = request({ expiresAt: at(2) });
      const pending = request({ check: 'sbom', expiresAt: at(2) });
      const rejected = request({ check: 'signature', expiresAt: at(2) });
      const current = request({ check: 'secret-age', expiresAt: at(10) });
      for (const e of [approved, pending, rejected, current]) {
        await exemptions.create({ exemption: e, now: T0 });
      }
      await exemptions.decide({
        id: approved.id,
        status: 'approved',
        approver: 'user:default/bob',
        comment: null,
        now: T0,
      });
      await exemptions.decide({
        id: rejected.id,
        status: 'rejected',
        approver: 'user:default/bob',
        comment: null,
        now: T0,
      });

      expect(await exemptions.expire({ now: at(1), limit: 10 })).toEqual([]);

      const expired = await exemptions.expire({ now: at(2), limit: 10 });
      expect(
        expired
          .map(e => [e.exemption.id, e.previous, e.exemption.status])
          .sort(),
      ).toEqual(
        [
          [approved.id, 'approved', 'expired'],
          [pending.id, 'pending', 'expired'],
        ].sort(),
      );
      expect(await exemptions.expire({ now: at(3), limit: 10 })).toEqual([]);
      expect(
        (await exemptions.get({ id: rejected.id, now: at(3) }))?.status,
      ).toBe('rejected');
      expect(
        (await exemptions.get({ id: current.id, now: at(3) }))?.status,
      ).toBe('pending');
      // The approval is kept on the record.
      expect(
        await exemptions.get({ id: approved.id, now: at(3) }),
      ).toMatchObject({
        status: 'expired',
        approver: 'user:default/bob',
        decidedAt: T0.toISOString(),
      });
    });

    it('finds a current finding by id whatever its case, answering the id as the scanner wrote it', async () => {
      const { exemptions, store } = await setUp();
      await store.reports.replaceReport({ write: reportWrite(), now: T0 });

      expect(
        await exemptions.findingId({
          entityRef: TEST_ENTITY_REF,
          findingId: 'cve-2026-10001',
        }),
      ).toBe('CVE-2026-10001');
      expect(
        await exemptions.findingId({
          entityRef: TEST_ENTITY_REF,
          findingId: 'CVE-2099-0001',
        }),
      ).toBeUndefined();
      expect(
        await exemptions.findingId({
          entityRef: 'component:default/other',
          findingId: 'CVE-2026-10001',
        }),
      ).toBeUndefined();
    });
  },
);
