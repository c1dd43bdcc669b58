import { mockServices } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { DatabaseWorkQueueStore } from '../database/workQueue/DatabaseWorkQueueStore';
import { BackgroundTasks } from '../service/background/BackgroundTasks';
import { DurableWorkQueue } from '../service/background/DurableWorkQueue';

/** The plugin's durable work queue over a migrated test database; await `tasks.whenIdle()`. */
export function testWorkQueue(
  knex: Knex,
  tasks = new BackgroundTasks(mockServices.logger.mock()),
): DurableWorkQueue {
  return new DurableWorkQueue({
    store: new DatabaseWorkQueueStore(knex),
    tasks,
    logger: mockServices.logger.mock(),
    leaseMs: 60_000,
  });
}
