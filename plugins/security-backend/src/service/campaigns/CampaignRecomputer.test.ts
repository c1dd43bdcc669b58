import { mockServices } from '@backstage/backend-test-utils';
import { createTestStore } from '../../__testUtils__/storeHarness';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { DatabaseCampaignStore } from '../../database/DatabaseCampaignStore';
import { newCampaign } from '../../database/campaigns/__testUtils__/campaignTestData';
import type { ImpactStore } from '../../database/impact/ImpactStore';
import { CampaignRecomputer } from './CampaignRecomputer';

const databases = createTestDatabases();
const API = 'component:default/payments-api';
const LOGIN = 'component:default/login';

/** An impact store whose answers a test releases one by one, in any order. */
function controlledImpact() {
  const pending: Array<{
    entityRefs?: string[];
    answer: (refs: string[]) => void;
  }> = [];
  const impact: Pick<ImpactStore, 'affectedEntities'> = {
    affectedEntities: ({ entityRefs }) =>
      new Promise(answer => pending.push({ entityRefs, answer })),
  };
  return { impact, pending };
}

describe('CampaignRecomputer', () => {
  async function setUp() {
    const { knex } = await createTestStore(databases, 'SQLITE_3');
    const store = new DatabaseCampaignStore(knex);
    const { campaign } = await store.create({
      campaign: newCampaign(),
      affectedRefs: [API, LOGIN],
      now: new Date(),
    });
    const logger = mockServices.logger.mock();
    return { store, campaign, logger };
  }

  it("runs one campaign's recomputations one at a time, so an older read never overwrites a newer one", async () => {
    const { store, campaign, logger } = await setUp();
    const { impact, pending } = controlledImpact();
    const recomputer = new CampaignRecomputer({ store, impact, logger });

    // The daily pass reads the fleet (API still vulnerable), then API's fixed report arrives.
    const daily = recomputer.recompute(campaign);
    const afterUpload = recomputer.recompute(campaign, [API]);
    await new Promise(setImmediate);
    expect(pending).toHaveLength(1);
    pending[0].answer([API, LOGIN]);
    await daily;
    await new Promise(setImmediate);
    // Only now does the upload's recomputation read, and its answer is the one kept.
    expect(pending).toHaveLength(2);
    expect(pending[1].entityRefs).toEqual([API]);
    pending[1].answer([]);
    expect(await afterUpload).toMatchObject({ resolved: [API], remaining: 1 });
  });

  it('skips, and logs, a stored query that no longer parses', async () => {
    const { store, campaign, logger } = await setUp();
    const impact = { affectedEntities: jest.fn() };
    const recomputer = new CampaignRecomputer({ store, impact, logger });
    const broken = {
      ...campaign,
      query: { image: 'ghcr.io/acme/api', purl: 'x' },
    };
    expect(await recomputer.recompute(broken)).toBeUndefined();
    expect(impact.affectedEntities).not.toHaveBeenCalled();
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining(
        `Campaign ${campaign.id} has a query that no longer parses`,
      ),
    );
  });

  it('goes on with the other campaigns when one fails', async () => {
    const { store, campaign, logger } = await setUp();
    const { campaign: failing } = await store.create({
      campaign: newCampaign({
        id: 'failing',
        query: { vulnerability: 'CVE-2021-44228' },
      }),
      affectedRefs: [LOGIN],
      now: new Date(),
    });
    const impact: Pick<ImpactStore, 'affectedEntities'> = {
      affectedEntities: async ({ query }) => {
        if (query.kind === 'vulnerability') {
          throw new Error('statement timeout');
        }
        return [];
      },
    };
    const recomputer = new CampaignRecomputer({ store, impact, logger });
    expect(await recomputer.all()).toBe(1);
    expect(logger.error).toHaveBeenCalledWith(
      'Could not recompute campaign failing',
      expect.any(Error),
    );
    const numbers = await store.numbers({
      campaigns: await store.list(),
      predicate: { const: true },
      now: new Date(),
    });
    expect(numbers.get(campaign.id)?.remaining).toBe(0);
    expect(numbers.get(failing.id)?.remaining).toBe(1);
  });
});
