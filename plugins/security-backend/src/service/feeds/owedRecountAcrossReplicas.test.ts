import { mockServices } from '@backstage/backend-test-utils';
import type {
  ExploitFeed,
  KevCatalog,
} from '@posture/backstage-plugin-security-node';
import type { Knex } from 'knex';
import { kevCatalog, kevEntry } from '../../__testUtils__/exploitFeedData';
import { replicaConnection } from '../../__testUtils__/replicaConnection';
import { createTestStore } from '../../__testUtils__/storeHarness';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { DatabaseFleetStore } from '../../database/DatabaseFleetStore';
import { DatabasePostureStore } from '../../database/DatabasePostureStore';
import { ExploitFeedRunner } from './ExploitFeedRunner';

const databases = createTestDatabases();
const now = new Date('2027-02-02T06:00:00.000Z');
const KEV_URL = 'https://kev.example/known_exploited_vulnerabilities.json';

/** The same catalog at every read, as CISA serves it between two releases. */
const sameCatalog: ExploitFeed<KevCatalog> = {
  location: KEV_URL,
  schedule: { frequency: { hours: 24 }, timeout: { minutes: 5 } },
  read: async () => ({
    sha256: 'c'.repeat(64),
    data: kevCatalog([kevEntry('CVE-2021-44228')]),
  }),
};

/*
 * The KEV load runs on one replica at a time; the replica that loaded a new catalog dies while
 * it recounts the findings. The next run, on another replica, finds the catalog unchanged, and
 * must still recount: the owed recount is kept in the database, not in the dead replica.
 */
describe.each(databases.eachSupportedId())(
  'a recount owed by a replica that died, on %s',
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

    async function replica(db: Knex, refreshFindings: () => Promise<number>) {
      const store = await DatabasePostureStore.create({
        database: mockServices.database({
          knex: db,
          migrations: { skip: true },
        }),
      });
      return new ExploitFeedRunner({
        exploits: store.exploits,
        refreshFindings,
        logger: mockServices.logger.mock(),
        auditor: mockServices.auditor.mock(),
        owedRecounts: new DatabaseFleetStore(db),
        now: () => now,
      });
    }

    it('is done by the next run on another replica, once', async () => {
      let recountingOnA!: () => void;
      const aRecounts = new Promise<void>(resolve => {
        recountingOnA = resolve;
      });
      // A loads the new catalog and dies during the recount: it never finishes.
      const a = await replica(knex, () => {
        recountingOnA();
        return new Promise<number>(() => {});
      });
      void a.run(
        { id: 'kev', feed: sameCatalog },
        new AbortController().signal,
      );
      await aRecounts;

      const recounts = jest.fn(async () => 1);
      const b = await replica(other.db, recounts);
      await expect(
        b.run({ id: 'kev', feed: sameCatalog }, new AbortController().signal),
      ).resolves.toEqual({ outcome: 'unchanged', rows: 1 });
      expect(recounts).toHaveBeenCalledTimes(1);

      // Recounted: the run after that has nothing owed.
      await b.run(
        { id: 'kev', feed: sameCatalog },
        new AbortController().signal,
      );
      expect(recounts).toHaveBeenCalledTimes(1);
    });
  },
);
