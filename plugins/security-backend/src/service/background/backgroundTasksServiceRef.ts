import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { BackgroundTasks } from './BackgroundTasks';

/**
 * The security plugin's background work, drained when the backend shuts down. A service so
 * that tests can supply their own instance and await it.
 * @public
 */
export const securityBackgroundTasksServiceRef =
  createServiceRef<BackgroundTasks>({
    id: 'security.background-tasks',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          logger: coreServices.logger,
          lifecycle: coreServices.lifecycle,
        },
        factory({ logger, lifecycle }) {
          const tasks = new BackgroundTasks(logger);
          lifecycle.addShutdownHook(() => tasks.drain());
          return tasks;
        },
      }),
  });
