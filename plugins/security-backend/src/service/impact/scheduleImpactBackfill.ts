import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import {
  backfillPurlColumns,
  isBackfilled,
} from '../../database/backfillPurlColumns';

export const IMPACT_BACKFILL_TASK_ID = 'security-impact-backfill';

/**
 * The backfill of the impact columns of rows stored before them (backfillPurlColumns), as a
 * scheduled task on one backend instance at a time, soon after start-up: start-up no longer
 * waits for it (about a minute per million rows). Until it is done, package and purl
 * questions do not find the rows it has not reached (docs/impact.md). A run stopped by a
 * restart or its timeout resumes where it stopped; once done, each run reads one row.
 */
export async function scheduleImpactBackfill(deps: {
  scheduler: SchedulerService;
  db: Knex;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, db, logger } = deps;
  await scheduler.scheduleTask({
    id: IMPACT_BACKFILL_TASK_ID,
    scope: 'global',
    frequency: { minutes: 10 },
    timeout: { hours: 1 },
    initialDelay: { seconds: 5 },
    fn: async signal => {
      await runImpactBackfill(db, logger, signal as AbortSignal);
    },
  });
}

/** One run of the task: the rest of the backfill, logged when it did anything. */
export async function runImpactBackfill(
  db: Knex,
  logger: LoggerService,
  signal?: AbortSignal,
): Promise<void> {
  if (await isBackfilled(db)) {
    return;
  }
  logger.info(
    'Filling the impact columns of reports stored before them; package and purl questions miss those rows until this is done',
  );
  const started = Date.now();
  const result = await backfillPurlColumns(db, { signal });
  const summary = `${result.components} components, ${
    result.findings
  } findings and ${result.findingIds} finding ids in ${Math.round(
    (Date.now() - started) / 1000,
  )} s`;
  logger.info(
    result.done
      ? `Impact columns filled: ${summary}`
      : `Impact columns backfill stopped, to resume at the next run: ${summary}`,
  );
}
