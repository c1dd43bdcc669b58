import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type {
  Campaign,
  CampaignInput,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { replicaConnection } from '../__testUtils__/replicaConnection';
import { createTestStore } from '../__testUtils__/storeHarness';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { testWorkQueue } from '../__testUtils__/testWorkQueue';
import { DatabaseExemptionStore } from '../database/DatabaseExemptionStore';
import { BackgroundTasks } from './background/BackgroundTasks';
import {
  DemoCampaignSeeder,
  type DemoCampaign,
} from './campaigns/DemoCampaignSeeder';
import { defineDemoCampaignSeeding } from './campaigns/demoCampaignWork';
import {
  DemoExemptionSeeder,
  type DemoExemption,
} from './exemptions/DemoExemptionSeeder';

/*
 * The demo's start-up seeding on replicas that start together against one database: each
 * example is seeded once, whichever replica gets there first.
 */

const databases = createTestDatabases();
const NOW = new Date('2027-02-02T12:00:00.000Z');

const CAMPAIGNS: DemoCampaign[] = [
  {
    title: 'log4j-core below 2.17 gone',
    note: 'Upgrade to 2.17.1 or later.',
    deadlineInDays: 45,
    query: { package: 'log4j-core', ecosystem: 'maven', version: '<2.17.0' },
  },
  {
    title: 'jQuery XSS fixed',
    note: '',
    deadlineInDays: 10,
    query: { vulnerability: 'CVE-2020-11023' },
  },
];

const EXEMPTIONS: DemoExemption[] = [
  {
    entityRef: 'component:default/checkout-api',
    check: 'fixable-vulnerabilities',
    findingId: null,
    justification: 'Waiting for the upstream fix of the payment SDK',
    requester: 'user:default/alice-nguyen',
    expiresInDays: 30,
  },
  {
    entityRef: 'component:default/ledger',
    check: 'signature',
    findingId: null,
    justification: 'Signing moves to the new release workflow next sprint',
    requester: 'user:default/alice-nguyen',
    approver: 'user:default/carol-okafor',
    expiresInDays: 45,
  },
];

/**
 * The campaigns of the deployment as the seeder reaches them through the campaign service:
 * every list answers what is stored at that moment, and a create stores one more, whatever
 * its title (the service allows two campaigns of one title, as people may).
 */
function sharedCampaigns() {
  const stored: CampaignInput[] = [];
  const service = {
    list: async () => {
      // As a database read: other work runs meanwhile.
      await new Promise(resolve => setImmediate(resolve));
      return {
        items: stored.map(c => ({ title: c.title } as Campaign)),
        totalCount: stored.length,
      };
    },
    create: async (body: unknown) => {
      await new Promise(resolve => setImmediate(resolve));
      stored.push(body as CampaignInput);
      return { title: (body as CampaignInput).title } as Campaign;
    },
  };
  return { stored, service };
}

const seeder = (campaigns: ReturnType<typeof sharedCampaigns>) =>
  new DemoCampaignSeeder({
    campaigns: campaigns.service,
    auth: {
      getOwnServiceCredentials: async () =>
        mockCredentials.service('plugin:security'),
    },
    logger: mockServices.logger.mock(),
    now: () => NOW,
  });

describe.each(databases.eachSupportedId())(
  'demo seeding on replicas starting together, on %s',
  id => {
    let knex: Knex;
    let other: ReturnType<typeof replicaConnection>;
    beforeEach(async () => {
      ({ knex } = await createTestStore(databases, id));
      other = replicaConnection(knex);
    });
    afterEach(async () => {
      await other.destroy();
    });

    it('two seeders of the demo campaigns at once would each start them: the queued seeding starts each once', async () => {
      // The hazard: both read "no campaign of that title" before either stores one.
      const unqueued = sharedCampaigns();
      await Promise.all([
        seeder(unqueued).run(CAMPAIGNS),
        seeder(unqueued).run(CAMPAIGNS),
      ]);
      expect(unqueued.stored).toHaveLength(4);

      const campaigns = sharedCampaigns();
      const replicas = [knex, other.db].map(db => {
        const tasks = new BackgroundTasks(mockServices.logger.mock());
        return {
          tasks,
          seed: defineDemoCampaignSeeding(
            testWorkQueue(db, tasks),
            seeder(campaigns),
            CAMPAIGNS,
          ),
        };
      });
      await Promise.all(replicas.map(r => r.seed()));
      await Promise.all(replicas.map(r => r.tasks.whenIdle()));
      expect(campaigns.stored.map(c => c.title).sort()).toEqual(
        CAMPAIGNS.map(c => c.title).sort(),
      );

      // A replica starting later finds them and starts nothing.
      await replicas[1].seed();
      expect(campaigns.stored).toHaveLength(2);
    });

    it('two seeders of the demo exemptions at once store each exemption once, and approve it once', async () => {
      const seeders = [knex, other.db, knex, other.db].map(
        db =>
          new DemoExemptionSeeder({
            store: new DatabaseExemptionStore(db),
            regrade: async () => undefined,
            logger: mockServices.logger.mock(),
            now: () => NOW,
          }),
      );
      const seeded = await Promise.all(seeders.map(s => s.run(EXEMPTIONS)));
      expect(seeded.reduce((a, b) => a + b, 0)).toBe(2);
      const rows = await knex('posture_exemptions')
        .orderBy('entity_ref')
        .select('entity_ref', 'status');
      expect(rows).toEqual([
        { entity_ref: 'component:default/checkout-api', status: 'pending' },
        { entity_ref: 'component:default/ledger', status: 'approved' },
      ]);
    });
  },
);
