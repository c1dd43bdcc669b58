import type {
  AuthService,
  DatabaseService,
  LifecycleService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { PolicySet } from '@posture/backstage-plugin-security-common';
import { DatabaseFleetStore } from '../../database/DatabaseFleetStore';
import { FleetRegrade } from './FleetRegrade';
import { readRegradeConfig } from './regradeConfig';

export const REGRADE_TASK_ID = 'security-regrade';

/**
 * Builds the fleet regrade and schedules it: daily (`security.policy.regradeSchedule`), on one
 * backend instance at a time, and once at start-up when the policy changed since the last
 * complete run (or none ever ran). The start-up run is triggered after the backend has
 * started, so the catalog answers. Call after `DatabasePostureStore.create` (its migrations
 * make the tables).
 */
export async function createFleetRegrade(options: {
  config: Config;
  database: DatabaseService;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  policies: PolicySet;
  /** Graded kinds, lower-case (`security.reports.entityKinds`). */
  entityKinds: readonly string[];
  /** Runs after each day's snapshot, e.g. `notifier.afterSnapshot`. */
  afterSnapshot?: (options: { day: string; now: Date }) => Promise<unknown>;
}): Promise<{ regrade: FleetRegrade; store: DatabaseFleetStore }> {
  const { scheduler, logger } = options;
  const { schedule, backfillHistoryDays } = readRegradeConfig(options.config);
  const store = await DatabaseFleetStore.create({ database: options.database });
  const regrade = new FleetRegrade({
    store,
    catalog: options.catalog,
    auth: options.auth,
    logger,
    policies: options.policies,
    entityKinds: options.entityKinds,
    backfillHistoryDays,
    afterSnapshot: options.afterSnapshot,
  });
  await scheduler.scheduleTask({
    ...schedule,
    id: REGRADE_TASK_ID,
    scope: 'global',
    fn: async signal => {
      await regrade.run({ signal: signal as AbortSignal });
    },
  });
  options.lifecycle.addStartupHook(async () => {
    if (!(await regrade.policyChanged())) return;
    logger.info('Posture policy changed since the last regrade: regrading now');
    try {
      await scheduler.triggerTask(REGRADE_TASK_ID);
    } catch (error) {
      // Another instance is running it right now; the next run grades with this policy.
      logger.info(`Posture regrade not triggered: ${(error as Error).message}`);
    }
  });
  return { regrade, store };
}
