/**
 * The Posture security backend plugin.
 *
 * @packageDocumentation
 */
export { securityPlugin as default } from './plugin';
export { securityBackgroundTasksServiceRef } from './service/background/backgroundTasksServiceRef';
export { BackgroundTasks } from './service/background/BackgroundTasks';
