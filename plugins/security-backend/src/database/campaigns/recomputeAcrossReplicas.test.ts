import type { Knex } from 'knex';
import { replicaConnection } from '../../__testUtils__/replicaConnection';
import { createTestStore } from '../../__testUtils__/storeHarness';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { DatabaseCampaignStore } from '../DatabaseCampaignStore';
import { newCampaign } from './__testUtils__/campaignTestData';

const databases = createTestDatabases();
const T0 = new Date('2027-02-02T09:00:00.000Z');
const FIXED = 'component:default/api';
const OTHER = 'component:default/ledger';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>(res => {
    resolve = res;
  });
  return { promise, resolve };
}

/** Resolves once a session of this database waits for a lock (PostgreSQL is another process). */
async function someoneWaitsForALock(knex: Knex): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [{ n }] = await knex('pg_stat_activity')
      .whereRaw('datname = current_database()')
      .andWhere({ wait_event_type: 'Lock' })
      .count({ n: '*' });
    if (Number(n) > 0) return;
    if (Date.now() > deadline) throw new Error('nobody waited for a lock');
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

/*
 * Replica A's daily pass reads the fleet for a campaign; an upload then fixes an entity and
 * replica B recomputes the campaign for it. A's answer is older than B's, so it must not be
 * written after B's: the read happens under the campaign's row lock, and B waits for A.
 */
describe('a campaign recomputed on two replicas at once, on PostgreSQL', () => {
  it("never leaves a fleet read older than another replica's write", async () => {
    if (!databases.supports('POSTGRES_15')) return;
    const { knex } = await createTestStore(databases, 'POSTGRES_15');
    const other = replicaConnection(knex);
    try {
      const onA = new DatabaseCampaignStore(knex);
      const onB = new DatabaseCampaignStore(other.db);
      const { campaign } = await onA.create({
        campaign: newCampaign(),
        affectedRefs: [FIXED, OTHER],
        now: T0,
      });

      let uploaded = false;
      const aHasRead = deferred();
      const aSlow = deferred();
      const daily = onA.recompute({
        campaignId: campaign.id,
        now: new Date(T0.getTime() + 60_000),
        affectedRefs: async () => {
          const answer = uploaded ? [OTHER] : [FIXED, OTHER];
          aHasRead.resolve();
          // A fleet-wide read takes a while.
          await aSlow.promise;
          return answer;
        },
      });
      await aHasRead.promise;
      // The fixed report lands; B recomputes the campaign for that entity.
      uploaded = true;
      const afterUpload = onB.recompute({
        campaignId: campaign.id,
        now: new Date(T0.getTime() + 61_000),
        entityRefs: [FIXED],
        affectedRefs: async () => (uploaded ? [] : [FIXED]),
      });
      // B waits for A's lock (were A's read outside it, B would finish first).
      await Promise.race([afterUpload, someoneWaitsForALock(knex)]);
      aSlow.resolve();
      await Promise.all([daily, afterUpload]);

      const rows = await knex('campaign_entities')
        .where({ campaign_id: campaign.id })
        .orderBy('entity_ref')
        .select('entity_ref', 'resolved_at');
      expect(rows.map(r => [r.entity_ref, r.resolved_at !== null])).toEqual([
        [FIXED, true],
        [OTHER, false],
      ]);
    } finally {
      await other.destroy();
    }
  });
});
