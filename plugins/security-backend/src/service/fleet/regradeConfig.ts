import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  invalidConfig,
  readPositiveNumber,
} from '@posture/backstage-plugin-security-node';

export const REGRADE_SCHEDULE_KEY = 'security.policy.regradeSchedule';
export const BACKFILL_HISTORY_DAYS_KEY = 'security.demo.backfillHistoryDays';

/** Daily; a run over 10,000 entities takes well under a minute, the timeout leaves room. */
export const DEFAULT_REGRADE_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { hours: 24 },
    timeout: { minutes: 30 },
    initialDelay: { minutes: 1 },
  };

/** The most days of history anyone reads (the history route's and scorecards' limit). */
const MAX_BACKFILL_DAYS = 400;

export interface RegradeConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Demo only: days of synthetic history to give entities that have none. */
  backfillHistoryDays?: number;
}

/** Read once at start-up; a bad value stops the backend with a message naming the key. */
export function readRegradeConfig(config: Config): RegradeConfig {
  let schedule = DEFAULT_REGRADE_SCHEDULE;
  if (config.has(REGRADE_SCHEDULE_KEY)) {
    try {
      schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig(REGRADE_SCHEDULE_KEY),
      );
    } catch (error) {
      invalidConfig(REGRADE_SCHEDULE_KEY, (error as Error).message);
    }
  }
  const backfillHistoryDays = config.has(BACKFILL_HISTORY_DAYS_KEY)
    ? readPositiveNumber(config, BACKFILL_HISTORY_DAYS_KEY, 0, {
        integer: true,
      })
    : undefined;
  if (
    backfillHistoryDays !== undefined &&
    backfillHistoryDays > MAX_BACKFILL_DAYS
  ) {
    invalidConfig(
      BACKFILL_HISTORY_DAYS_KEY,
      `${backfillHistoryDays} must be at most ${MAX_BACKFILL_DAYS}`,
    );
  }
  return { schedule, backfillHistoryDays };
}
