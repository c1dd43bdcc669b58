import type {
  AuditorService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { Knex } from 'knex';
import { DatabaseCampaignStore } from '../../database/DatabaseCampaignStore';
import { DatabaseImpactStore } from '../../database/impact/DatabaseImpactStore';
import type { BackgroundTasks } from '../background/BackgroundTasks';
import { ReadableEntitiesResolver } from '../scorecards/readableEntities';
import { CampaignService } from './CampaignService';
import { CampaignNotifier } from './CampaignNotifier';
import { CampaignRecomputer } from './CampaignRecomputer';

/** The daily pass's task id (scope global: one replica runs it). */
export const CAMPAIGNS_TASK_ID = 'security-campaigns';

/**
 * Campaigns over the plugin's database, for plugin.ts: the service the routes use, the hook
 * the report services call after an entity's reports changed (queued in the background, so
 * the upload answers first; the promise is for tests), and the daily task that recomputes
 * every active campaign and sends due notices.
 */
export async function createCampaigns(options: {
  db: Knex;
  permissions: PermissionsService;
  auditor: AuditorService;
  notifications: NotificationService;
  scheduler: SchedulerService;
  tasks: BackgroundTasks;
  logger: LoggerService;
}): Promise<{
  service: CampaignService;
  afterReportChange: (entityRef: string) => Promise<void>;
}> {
  const { db, permissions, logger, tasks } = options;
  const store = new DatabaseCampaignStore(db);
  const impact = new DatabaseImpactStore(db);
  const recomputer = new CampaignRecomputer({ store, impact, logger });
  const notifier = new CampaignNotifier({
    store,
    notifications: options.notifications,
    logger,
  });
  await options.scheduler.scheduleTask({
    id: CAMPAIGNS_TASK_ID,
    scope: 'global',
    frequency: { hours: 24 },
    timeout: { minutes: 30 },
    initialDelay: { minutes: 2 },
    fn: async signal => {
      const now = new Date();
      const recomputed = await recomputer.all(signal as AbortSignal);
      const sent = await notifier.notifyDue(now);
      logger.info(
        `Campaigns: ${recomputed} recomputed, ${sent.started} started and ${sent.reminders} reminder notification(s) sent`,
      );
    },
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
    onStarted: campaign =>
      void tasks.enqueue(`campaign-started:${campaign.id}`, async () => {
        await notifier.notifyStarted(campaign, new Date());
      }),
  });
  return {
    service,
    afterReportChange: entityRef =>
      tasks.enqueueFresh(`campaigns:${entityRef}`, () =>
        recomputer.forEntity(entityRef),
      ),
  };
}
