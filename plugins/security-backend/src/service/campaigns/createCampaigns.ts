import type {
  AuditorService,
  LoggerService,
  PermissionsService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { Knex } from 'knex';
import { DatabaseCampaignStore } from '../../database/DatabaseCampaignStore';
import { DatabaseImpactStore } from '../../database/impact/DatabaseImpactStore';
import type { WorkQueue } from '../background/WorkQueue';
import { ReadableEntitiesResolver } from '../scorecards/readableEntities';
import { CampaignService } from './CampaignService';
import { CampaignNotifier } from './CampaignNotifier';
import { CampaignRecomputer } from './CampaignRecomputer';

/** The daily pass's task id (scope global: one replica runs it). */
export const CAMPAIGNS_TASK_ID = 'security-campaigns';

/** The daily pass's schedule when `security.campaigns.schedule` does not set one. */
export const DEFAULT_CAMPAIGNS_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { hours: 24 },
    timeout: { minutes: 30 },
    initialDelay: { minutes: 2 },
  };

/**
 * Campaigns over the plugin's database, for plugin.ts: the service the routes use, the hook
 * the report services call after an entity's reports changed (queued as durable background
 * work, so the upload answers first and another replica finishes it if this one dies; the
 * promise is for tests), and the daily task that recomputes every active campaign and sends
 * due notices.
 */
export async function createCampaigns(options: {
  db: Knex;
  permissions: PermissionsService;
  auditor: AuditorService;
  notifications: NotificationService;
  scheduler: SchedulerService;
  queue: WorkQueue;
  logger: LoggerService;
  /** The daily pass's schedule (`security.campaigns.schedule`). */
  schedule?: SchedulerServiceTaskScheduleDefinition;
}): Promise<{
  service: CampaignService;
  afterReportChange: (entityRef: string) => Promise<void>;
}> {
  const { db, permissions, logger, queue } = options;
  const store = new DatabaseCampaignStore(db);
  const impact = new DatabaseImpactStore(db);
  const recomputer = new CampaignRecomputer({ store, impact, logger });
  const notifier = new CampaignNotifier({
    store,
    notifications: options.notifications,
    logger,
  });
  await options.scheduler.scheduleTask({
    ...(options.schedule ?? DEFAULT_CAMPAIGNS_SCHEDULE),
    id: CAMPAIGNS_TASK_ID,
    scope: 'global',
    fn: async signal => {
      const now = new Date();
      const recomputed = await recomputer.all(signal as AbortSignal);
      const sent = await notifier.notifyDue(now);
      logger.info(
        `Campaigns: ${recomputed} recomputed, ${sent.started} started and ${sent.reminders} reminder notification(s) sent`,
      );
    },
  });
  // The campaign is read again when the notice goes out: it may run later, on another replica.
  const announce = queue.define<{ campaignId: string }>({
    kind: 'campaign-started',
    key: item => item.campaignId,
    run: async item => {
      const campaign = await store.get(item.campaignId);
      if (campaign) await notifier.notifyStarted(campaign, new Date());
    },
  });
  const recomputeFor = queue.define<{ entityRef: string }>({
    kind: 'campaign-entity',
    // Reads the entity's reports as they are: an upload meanwhile needs another look.
    fresh: true,
    key: item => item.entityRef,
    run: item => recomputer.forEntity(item.entityRef),
  });
  const service = new CampaignService({
    store,
    impact,
    // Who may read which entities, exactly as the scorecards and the impact query decide it.
    readable: new ReadableEntitiesResolver({
      permissions,
      logger,
      view: 'campaign counts',
    }),
    permissions,
    auditor: options.auditor,
    onStarted: campaign => void announce({ campaignId: campaign.id }),
  });
  return {
    service,
    afterReportChange: entityRef => recomputeFor({ entityRef }),
  };
}
