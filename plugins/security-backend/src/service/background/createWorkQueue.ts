import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { Knex } from 'knex';
import { DatabaseWorkQueueStore } from '../../database/workQueue/DatabaseWorkQueueStore';
import type { BackgroundTasks } from './BackgroundTasks';
import { DurableWorkQueue } from './DurableWorkQueue';
import { readWorkQueueConfig } from './workQueueConfig';

/** The sweep's task id. Local scope: every replica sweeps; claims keep each item to one. */
export const SWEEP_TASK_ID = 'security-work-queue-sweep';

/**
 * The plugin's durable background work over its database (call after the migrations ran),
 * and `startSweeping`, to call once every kind is defined: from then on this replica also
 * runs work other replicas queued and could not finish.
 */
export function createWorkQueue(options: {
  db: Knex;
  config: Config;
  tasks: BackgroundTasks;
  scheduler: SchedulerService;
  logger: LoggerService;
}): { queue: DurableWorkQueue; startSweeping: () => Promise<void> } {
  const { sweepFrequency, leaseMs } = readWorkQueueConfig(options.config);
  const queue = new DurableWorkQueue({
    store: new DatabaseWorkQueueStore(options.db),
    tasks: options.tasks,
    logger: options.logger,
    leaseMs,
  });
  return {
    queue,
    startSweeping: () =>
      options.scheduler.scheduleTask({
        id: SWEEP_TASK_ID,
        // Every replica sweeps, so work is picked up while any replica lives; an item is
        // claimed in the database before it runs, so it still runs once.
        scope: 'local',
        frequency: sweepFrequency,
        initialDelay: sweepFrequency,
        // A sweep waits for the items it claimed; each renews its own lease meanwhile.
        timeout: { minutes: 30 },
        fn: async () => {
          const claimed = await queue.sweep();
          if (claimed > 0) {
            options.logger.info(
              `Work queue sweep: ran ${claimed} queued item(s) (left by a replica that died, or failed and due again)`,
            );
          }
        },
      }),
  };
}
