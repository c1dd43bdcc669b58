import { createTestStore } from '../__testUtils__/storeHarness';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseCampaignStore } from './DatabaseCampaignStore';
import {
  IDENTITY,
  newCampaign,
  PAYMENTS,
  recordEntities,
} from './campaigns/__testUtils__/campaignTestData';
import { ALLOW_ALL, DENY_ALL, type EntityPredicate } from './entityPredicate';

const databases = createTestDatabases();
const DAY = 86_400_000;
const T0 = new Date('2027-01-05T09:00:00.000Z');
const at = (days: number, hours = 0) =>
  new Date(T0.getTime() + days * DAY + hours * 3_600_000);

const API = 'component:default/payments-api';
const LEDGER = 'component:default/ledger';
const LOGIN = 'component:default/login';
const UNRECORDED = 'component:default/not-walked-yet';
const paymentsOnly: EntityPredicate = { field: 'owner', values: [PAYMENTS] };

describe.each(databases.eachSupportedId())(
  'DatabaseCampaignStore on %s',
  id => {
    async function setUp() {
      const harness = await createTestStore(databases, id);
      await recordEntities(harness.knex, [
        {
          ref: API,
          owner: PAYMENTS,
          title: 'Payments API',
          system: 'system:default/checkout',
        },
        { ref: LEDGER, owner: PAYMENTS },
        { ref: LOGIN, owner: IDENTITY, lifecycle: 'experimental' },
      ]);
      await harness.knex('posture_titles').insert([
        { entity_ref: PAYMENTS, title: 'Payments' },
        { entity_ref: IDENTITY, title: 'Identity' },
      ]);
      const campaigns = new DatabaseCampaignStore(harness.knex);
      const { campaign } = await campaigns.create({
        campaign: newCampaign(),
        affectedRefs: [],
        now: T0,
      });
      return { ...harness, campaigns, campaign };
    }

    it('stores a campaign, reads it back exactly, lists active first and closes it', async () => {
      const { campaigns, campaign } = await setUp();
      expect(campaign).toEqual({
        ...newCampaign(),
        status: 'active',
        createdAt: T0.toISOString(),
        recomputedAt: T0.toISOString(),
        startedNotifiedAt: null,
        reminderNotifiedAt: null,
      });
      expect(await campaigns.get(campaign.id)).toEqual(campaign);
      expect(await campaigns.get('no-such-campaign')).toBeUndefined();

      const { campaign: later, result } = await campaigns.create({
        campaign: newCampaign({
          id: '6f1c1f1e-8d0a-4a53-9a3e-000000000002',
          title: 'openssl 3.0.7',
          query: { vulnerability: 'CVE-2022-3602' },
        }),
        affectedRefs: [LOGIN],
        now: at(1),
      });
      // Created with its first recomputation.
      expect(result).toEqual({
        added: [LOGIN],
        reopened: [],
        resolved: [],
        total: 1,
        remaining: 1,
      });
      expect((await campaigns.list()).map(c => c.id)).toEqual([
        later.id,
        campaign.id,
      ]);

      const closed = await campaigns.close(later.id);
      expect(closed?.status).toBe('closed');
      expect(await campaigns.close(later.id)).toEqual(closed);
      expect(await campaigns.close('no-such-campaign')).toBeUndefined();
      expect((await campaigns.list()).map(c => c.id)).toEqual([
        campaign.id,
        later.id,
      ]);
      expect(
        (await campaigns.list({ status: 'closed' })).map(c => c.id),
      ).toEqual([later.id]);
      expect(await campaigns.activeCampaignIds()).toEqual([campaign.id]);
    });

    it('recomputes: adds new matches, resolves those gone, unresolves those back, and writes the day point', async () => {
      const { campaigns, campaign, knex } = await setUp();

      expect(
        await campaigns.recompute({
          campaignId: campaign.id,
          affectedRefs: [API, LEDGER, LOGIN, API],
          now: at(0, 1),
        }),
      ).toEqual({
        added: [LEDGER, LOGIN, API],
        reopened: [],
        resolved: [],
        total: 3,
        remaining: 3,
      });
      expect(
        await campaigns.recompute({
          campaignId: campaign.id,
          affectedRefs: [LOGIN],
          now: at(1),
        }),
      ).toMatchObject({ added: [], resolved: [LEDGER, API], remaining: 1 });
      // LEDGER ships the vulnerable version again.
      expect(
        await campaigns.recompute({
          campaignId: campaign.id,
          affectedRefs: [LEDGER, LOGIN],
          now: at(2),
        }),
      ).toMatchObject({
        added: [],
        reopened: [LEDGER],
        resolved: [],
        total: 3,
        remaining: 2,
      });

      const entities = await campaigns.entities({
        campaignId: campaign.id,
        predicate: ALLOW_ALL,
      });
      expect(entities).toEqual([
        {
          entityRef: LEDGER,
          title: 'ledger',
          owner: PAYMENTS,
          system: null,
          lifecycle: 'production',
          firstSeenAt: at(0, 1).toISOString(),
          resolvedAt: null,
        },
        {
          entityRef: LOGIN,
          title: 'login',
          owner: IDENTITY,
          system: null,
          lifecycle: 'experimental',
          firstSeenAt: at(0, 1).toISOString(),
          resolvedAt: null,
        },
        {
          entityRef: API,
          title: 'Payments API',
          owner: PAYMENTS,
          system: 'system:default/checkout',
          lifecycle: 'production',
          firstSeenAt: at(0, 1).toISOString(),
          resolvedAt: at(1).toISOString(),
        },
      ]);
      expect(
        await knex('campaign_burndown')
          .where({ campaign_id: campaign.id })
          .orderBy('day')
          .select('day', 'remaining', 'total'),
      ).toEqual([
        { day: '2027-01-05', remaining: 3, total: 3 },
        { day: '2027-01-06', remaining: 1, total: 3 },
        { day: '2027-01-07', remaining: 2, total: 3 },
      ]);
      expect((await campaigns.get(campaign.id))?.recomputedAt).toBe(
        at(2).toISOString(),
      );
    });

    it('a later recompute on the same day replaces that day point', async () => {
      const { campaigns, campaign, knex } = await setUp();
      await campaigns.recompute({
        campaignId: campaign.id,
        affectedRefs: [API, LEDGER],
        now: at(0, 1),
      });
      await campaigns.recompute({
        campaignId: campaign.id,
        affectedRefs: [API],
        now: at(0, 2),
      });
      expect(
        await knex('campaign_burndown')
          .where({ campaign_id: campaign.id })
          .select('day', 'remaining', 'total'),
      ).toEqual([{ day: '2027-01-05', remaining: 1, total: 2 }]);
    });

    it('with entityRefs judges only those entities and leaves the others as they were', async () => {
      const { campaigns, campaign } = await setUp();
      await campaigns.recompute({
        campaignId: campaign.id,
        affectedRefs: [API, LEDGER],
        now: at(0, 1),
      });
      // LEDGER's new report is clean; LOGIN is named by the query but was not in scope.
      const result = await campaigns.recompute({
        campaignId: campaign.id,
        affectedRefs: [LOGIN],
        entityRefs: [LEDGER],
        now: at(0, 2),
      });
      expect(result).toEqual({
        added: [],
        reopened: [],
        resolved: [LEDGER],
        total: 2,
        remaining: 1,
      });
      // A new entity whose report now matches joins the campaign.
      expect(
        await campaigns.recompute({
          campaignId: campaign.id,
          affectedRefs: [LOGIN],
          entityRefs: [LOGIN],
          now: at(0, 3),
        }),
      ).toMatchObject({ added: [LOGIN], total: 3, remaining: 2 });
    });

    it('leaves a closed campaign as it was', async () => {
      const { campaigns, campaign, count } = await setUp();
      await campaigns.recompute({
        campaignId: campaign.id,
        affectedRefs: [API],
        now: at(0, 1),
      });
      await campaigns.close(campaign.id);
      expect(
        await campaigns.recompute({
          campaignId: campaign.id,
          affectedRefs: [LEDGER],
          now: at(1),
        }),
      ).toBeUndefined();
      expect(
        await campaigns.recompute({
          campaignId: 'no-such-campaign',
          affectedRefs: [LEDGER],
          now: at(1),
        }),
      ).toBeUndefined();
      expect(await count('campaign_entities')).toBe(1);
      expect(await count('campaign_burndown')).toBe(1);
    });

    it('counts, owners and burn-down only over what the caller may read', async () => {
      const { campaigns, campaign } = await setUp();
      await campaigns.recompute({
        campaignId: campaign.id,
        affectedRefs: [API, LEDGER, LOGIN, UNRECORDED],
        now: at(0, 1),
      });
      await campaigns.recompute({
        campaignId: campaign.id,
        affectedRefs: [LEDGER, LOGIN, UNRECORDED],
        now: at(2),
      });
      await campaigns.recompute({
        campaignId: campaign.id,
        affectedRefs: [LEDGER, UNRECORDED],
        now: at(3),
      });
      const record = (await campaigns.get(campaign.id))!;
      const numbersFor = async (predicate: EntityPredicate) =>
        (
          await campaigns.numbers({
            campaigns: [record],
            predicate,
            now: at(4),
          })
        ).get(campaign.id);

      expect(await numbersFor(ALLOW_ALL)).toEqual({
        total: 4,
        remaining: 2,
        byOwner: [
          { ref: PAYMENTS, title: 'Payments', remaining: 1 },
          // Not recorded by the regrade yet: no owner known, still counted for who may read all.
          { ref: null, title: 'No owner', remaining: 1 },
        ],
        burndown: [
          { date: '2027-01-05', remaining: 4, total: 4 },
          { date: '2027-01-06', remaining: 4, total: 4 },
          { date: '2027-01-07', remaining: 3, total: 4 },
          { date: '2027-01-08', remaining: 2, total: 4 },
          { date: '2027-01-09', remaining: 2, total: 4 },
        ],
      });
      expect(await numbersFor(paymentsOnly)).toEqual({
        total: 2,
        remaining: 1,
        byOwner: [{ ref: PAYMENTS, title: 'Payments', remaining: 1 }],
        burndown: [
          { date: '2027-01-05', remaining: 2, total: 2 },
          { date: '2027-01-06', remaining: 2, total: 2 },
          { date: '2027-01-07', remaining: 1, total: 2 },
          { date: '2027-01-08', remaining: 1, total: 2 },
          { date: '2027-01-09', remaining: 1, total: 2 },
        ],
      });
      expect(await numbersFor(DENY_ALL)).toEqual({
        total: 0,
        remaining: 0,
        byOwner: [],
        burndown: [
          { date: '2027-01-05', remaining: 0, total: 0 },
          { date: '2027-01-06', remaining: 0, total: 0 },
          { date: '2027-01-07', remaining: 0, total: 0 },
          { date: '2027-01-08', remaining: 0, total: 0 },
          { date: '2027-01-09', remaining: 0, total: 0 },
        ],
      });
      expect(
        (
          await campaigns.entities({
            campaignId: campaign.id,
            predicate: paymentsOnly,
          })
        ).map(e => [e.entityRef, e.resolvedAt !== null]),
      ).toEqual([
        [LEDGER, false],
        [API, true],
      ]);
      expect(await campaigns.remainingOwners(campaign.id)).toEqual([
        { ownerRef: PAYMENTS, remaining: 1 },
      ]);
    });

    it("a closed campaign's burn-down ends on its last recomputation", async () => {
      const { campaigns, campaign } = await setUp();
      await campaigns.recompute({
        campaignId: campaign.id,
        affectedRefs: [API],
        now: at(1),
      });
      const closed = (await campaigns.close(campaign.id))!;
      const numbers = await campaigns.numbers({
        campaigns: [closed],
        predicate: ALLOW_ALL,
        now: at(30),
      });
      expect(numbers.get(campaign.id)?.burndown).toEqual([
        { date: '2027-01-05', remaining: 0, total: 0 },
        { date: '2027-01-06', remaining: 1, total: 1 },
      ]);
    });

    it('numbers many campaigns at once, each its own', async () => {
      const { campaigns, campaign } = await setUp();
      const { campaign: other } = await campaigns.create({
        affectedRefs: [],
        campaign: newCampaign({
          id: 'second',
          query: { image: 'ghcr.io/acme/login' },
        }),
        now: T0,
      });
      await campaigns.recompute({
        campaignId: campaign.id,
        affectedRefs: [API, LEDGER],
        now: T0,
      });
      await campaigns.recompute({
        campaignId: other.id,
        affectedRefs: [LOGIN],
        now: T0,
      });
      const numbers = await campaigns.numbers({
        campaigns: await campaigns.list(),
        predicate: ALLOW_ALL,
        now: T0,
      });
      expect(numbers.get(campaign.id)).toMatchObject({
        total: 2,
        remaining: 2,
      });
      expect(numbers.get(other.id)).toMatchObject({
        total: 1,
        remaining: 1,
        byOwner: [{ ref: IDENTITY, title: 'Identity', remaining: 1 }],
      });
    });

    it('claims each notice once, never for a closed campaign, and can release it', async () => {
      const { campaigns, campaign } = await setUp();
      const claim = (notice: 'started' | 'reminder') =>
        campaigns.claimNotice({ campaignId: campaign.id, notice, now: at(1) });
      expect(await claim('started')).toBe(true);
      expect(await claim('started')).toBe(false);
      expect((await campaigns.get(campaign.id))?.startedNotifiedAt).toBe(
        at(1).toISOString(),
      );
      await campaigns.releaseNotice({
        campaignId: campaign.id,
        notice: 'started',
      });
      expect(await claim('started')).toBe(true);
      await campaigns.close(campaign.id);
      expect(await claim('reminder')).toBe(false);
    });

    it('recomputes thousands of entities in one go', async () => {
      const { campaigns, campaign } = await setUp();
      const refs = Array.from(
        { length: 1_234 },
        (_, i) => `component:default/svc-${i}`,
      );
      await campaigns.recompute({
        campaignId: campaign.id,
        affectedRefs: refs,
        now: at(0, 1),
      });
      const result = await campaigns.recompute({
        campaignId: campaign.id,
        affectedRefs: refs.slice(0, 600),
        now: at(1),
      });
      expect(result).toMatchObject({ total: 1_234, remaining: 600 });
      expect(result?.resolved).toHaveLength(634);
      const scoped = await campaigns.recompute({
        campaignId: campaign.id,
        affectedRefs: refs,
        entityRefs: refs,
        now: at(2),
      });
      expect(scoped).toMatchObject({ remaining: 1_234 });
      expect(scoped?.reopened).toHaveLength(634);
    });
  },
);
