import { createTestStore } from '../../__testUtils__/storeHarness';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { DatabaseCampaignStore } from '../DatabaseCampaignStore';
import { newCampaign } from './__testUtils__/campaignTestData';

const databases = createTestDatabases();
const T0 = new Date('2027-01-05T09:00:00.000Z');
const refs = (from: number, to: number) =>
  Array.from(
    { length: to - from },
    (_, i) => `component:default/svc-${from + i}`,
  );

/*
 * Recomputations of one campaign at once (the daily pass and uploads' hooks): on PostgreSQL the
 * campaign row lock serialises them; SQLite has one writer. Either way none fails and the
 * state left is one recomputation's whole answer.
 */
describe.each(databases.eachSupportedId())(
  'recomputing one campaign concurrently on %s',
  id => {
    it('never fails, and leaves exactly the state of one of the recomputations', async () => {
      const { knex } = await createTestStore(databases, id);
      const campaigns = new DatabaseCampaignStore(knex);
      const { campaign } = await campaigns.create({
        campaign: newCampaign(),
        affectedRefs: refs(0, 300),
        now: T0,
      });

      const answers = [
        refs(0, 100),
        refs(200, 500),
        refs(50, 250),
        refs(0, 300),
      ];
      for (let round = 0; round < 5; round++) {
        const now = new Date(T0.getTime() + (round + 1) * 60_000);
        const results = await Promise.all(
          answers.map(affectedRefs =>
            campaigns.recompute({ campaignId: campaign.id, affectedRefs, now }),
          ),
        );
        expect(results.every(r => r !== undefined)).toBe(true);

        const rows = await knex('campaign_entities')
          .where({ campaign_id: campaign.id })
          .select('entity_ref', 'resolved_at');
        const unresolved = rows
          .filter(r => r.resolved_at === null)
          .map(r => r.entity_ref as string)
          .sort();
        // Serialised: the unresolved set is one recomputation's answer, never a mix.
        expect(answers.map(a => [...a].sort())).toContainEqual(unresolved);
        expect(rows).toHaveLength(500);
        const [point] = await knex('campaign_burndown')
          .where({ campaign_id: campaign.id, day: '2027-01-05' })
          .select('remaining', 'total');
        expect(point).toEqual({ remaining: unresolved.length, total: 500 });
      }
    });
  },
);
