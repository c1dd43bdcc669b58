import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { PostureSource } from '@posture/backstage-plugin-security-node';
import type { Knex } from 'knex';
import { makeScan } from '../__testUtils__/parsedReports';
import { replicaConnection } from '../__testUtils__/replicaConnection';
import { createTestStore } from '../__testUtils__/storeHarness';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabasePostureStore } from '../database/DatabasePostureStore';
import { DatabaseWorkQueueStore } from '../database/workQueue/DatabaseWorkQueueStore';
import { BackgroundTasks } from './background/BackgroundTasks';
import { DurableWorkQueue } from './background/DurableWorkQueue';
import { SourceRunner } from './SourceRunner';

const databases = createTestDatabases();
const T0 = new Date('2027-02-02T12:00:00.000Z');
const LEASE_MS = 60_000;
const API: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'api',
    namespace: 'default',
    annotations: { 'posture.dev/image': 'ghcr.io/acme/api' },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};
const REF = 'component:default/api';

/*
 * An upload on replica A names a new digest; A starts its signature check and dies while the
 * log is being asked. The check is in the database, so replica B's sweep runs it once A's lease
 * has run out, and the entity's card shows the verdict without waiting for the hourly pass.
 */
describe.each(databases.eachSupportedId())(
  'a signature check a dead replica started, on %s',
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

    async function replica(
      db: Knex,
      name: string,
      collect: PostureSource['collect'],
    ) {
      const clock = { now: T0 };
      const tasks = new BackgroundTasks(mockServices.logger.mock());
      const queue = new DurableWorkQueue({
        store: new DatabaseWorkQueueStore(db),
        tasks,
        logger: mockServices.logger.mock(),
        leaseMs: LEASE_MS,
        worker: name,
        now: () => clock.now,
      });
      const store = await DatabasePostureStore.create({
        database: mockServices.database({
          knex: db,
          migrations: { skip: true },
        }),
      });
      const runner = new SourceRunner({
        sources: [
          {
            id: 'rekor',
            observes: 'signatures',
            appliesTo: e =>
              Boolean(e.metadata.annotations?.['posture.dev/image']),
            collect,
          },
        ],
        catalog: catalogServiceMock({ entities: [API] }),
        auth: mockServices.auth(),
        store,
        secretRequests: { provisionedSecrets: async () => [] },
        logger: mockServices.logger.mock(),
        queue,
        now: () => clock.now,
      });
      return { runner, queue, store, clock };
    }

    it("is finished by another replica's sweep once the lease ran out", async () => {
      let askedOnA!: () => void;
      const aAsks = new Promise<void>(resolve => {
        askedOnA = resolve;
      });
      const a = await replica(knex, 'A', () => {
        askedOnA();
        // A dies here: the answer never comes.
        return new Promise(() => {});
      });
      const collectOnB = jest.fn<
        ReturnType<PostureSource['collect']>,
        Parameters<PostureSource['collect']>
      >(async () => ({
        kind: 'signatures',
        items: [
          {
            digest: 'sha256:aaaa',
            status: 'unsigned',
            reason: null,
            signer: null,
            logIndex: null,
            logUrl: null,
            integratedTime: null,
            kind: null,
            predicateType: null,
            entries: 0,
          },
        ],
      }));
      const b = await replica(other.db, 'B', collectOnB);
      await a.store.reports.replaceReport({
        write: {
          entityRef: REF,
          artifact: 'ghcr.io/acme/api',
          report: makeScan(0),
          sha256: 'a'.repeat(64),
          document: '{}',
          uploadedBy: null,
        },
      });

      void a.runner.checkSignaturesSoon(API, 'sha256:aaaa');
      await aAsks;

      // Within A's lease B leaves it alone; after it, B's sweep runs the check.
      b.clock.now = new Date(T0.getTime() + LEASE_MS - 1000);
      expect(await b.queue.sweep()).toBe(0);
      b.clock.now = new Date(T0.getTime() + LEASE_MS + 1000);
      expect(await b.queue.sweep()).toBe(1);
      expect(collectOnB).toHaveBeenCalledTimes(1);
      expect(collectOnB.mock.calls[0][0].metadata.name).toBe('api');
      expect(
        (await b.store.summaries.get({ entityRef: REF }))?.signature?.status,
      ).toBe('unsigned');
      expect(await new DatabaseWorkQueueStore(knex).list()).toEqual([]);
    });
  },
);
