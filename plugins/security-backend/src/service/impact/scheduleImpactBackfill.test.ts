import type { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { createTestStore } from '../../__testUtils__/storeHarness';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import {
  IMPACT_BACKFILL_TASK_ID,
  scheduleImpactBackfill,
} from './scheduleImpactBackfill';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'scheduleImpactBackfill on %s',
  id => {
    it('backfills old rows in a global task after start-up, once', async () => {
      const { knex } = await createTestStore(databases, id);
      await knex('reports').insert({
        id: 'old-sbom',
        entity_ref: 'component:default/legacy',
        artifact: 'ghcr.io/acme/legacy',
        format: 'cyclonedx',
        sha256: 'a'.repeat(64),
        is_scan: false,
        ingested_at: '2027-01-01T00:00:00.000Z',
        finding_count: 0,
        component_count: 1,
        other_findings: '{}',
        license_counts: '{}',
      });
      // As the previous release wrote it: no impact columns.
      await knex('components').insert({
        report_id: 'old-sbom',
        entity_ref: 'component:default/legacy',
        name: 'Log4j-Core',
        version: '2.14.1',
        purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
        type: 'library',
        licenses: '[]',
      });
      const scheduler = mockServices.scheduler.mock();
      const logger = mockServices.logger.mock();

      await scheduleImpactBackfill({ scheduler, db: knex, logger });

      // Start-up has not touched the rows: the task does, on one instance at a time.
      expect(await knex('components').pluck('purl_name')).toEqual([null]);
      const [[task]] = scheduler.scheduleTask.mock.calls as Array<
        [SchedulerServiceTaskInvocationDefinition]
      >;
      expect(task).toMatchObject({
        id: IMPACT_BACKFILL_TASK_ID,
        scope: 'global',
      });
      await task.fn(new AbortController().signal);
      expect(await knex('components').pluck('purl_name')).toEqual([
        'log4j-core',
      ]);
      expect(logger.info).toHaveBeenLastCalledWith(
        expect.stringMatching(
          /^Impact columns filled: 1 components, 0 findings/,
        ),
      );

      logger.info.mockClear();
      await task.fn(new AbortController().signal);
      expect(logger.info).not.toHaveBeenCalled();
    });
  },
);
