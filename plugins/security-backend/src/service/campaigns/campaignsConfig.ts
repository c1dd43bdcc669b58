import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { invalidConfig } from '@posture/backstage-plugin-security-node';

export const CAMPAIGNS_SCHEDULE_KEY = 'security.campaigns.schedule';

/**
 * The daily campaign pass's schedule, when configured (a full task schedule); undefined for
 * the default. Read once at start-up; a bad value stops the backend naming the key.
 */
export function readCampaignsSchedule(
  config: Config,
): SchedulerServiceTaskScheduleDefinition | undefined {
  if (!config.has(CAMPAIGNS_SCHEDULE_KEY)) return undefined;
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(
      config.getConfig(CAMPAIGNS_SCHEDULE_KEY),
    );
  } catch (error) {
    return invalidConfig(CAMPAIGNS_SCHEDULE_KEY, (error as Error).message);
  }
}
