import type {
  AuditorService,
  AuthService,
  DatabaseService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SecretProvisioner } from '@posture/backstage-plugin-security-node';
import {
  DatabaseSecretRequestStore,
  type StoredSecretRequest,
} from '../../database/DatabaseSecretRequestStore';
import type { EntityAccess } from '../EntityAccess';
import type { ReadableEntities } from '../exemptions/ReadableEntities';
import { readSecretRequestConfig } from './secretRequestConfig';
import { SecretRequestExpiry } from './SecretRequestExpiry';
import { SecretRequestNotifier } from './SecretRequestNotifier';
import { SecretRequestService } from './SecretRequestService';

/**
 * The secret request workflow as the plugin runs it: its store, notifier and service, and the
 * scheduled expiry pass (`security-secret-request-expiry`, one instance at a time).
 */
export async function createSecretRequests(deps: {
  config: Config;
  database: DatabaseService;
  scheduler: SchedulerService;
  access: EntityAccess;
  readable: ReadableEntities;
  auth: AuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  notifications: NotificationService;
  /** What modules registered through the extension point (the first one provisions). */
  provisioners: readonly SecretProvisioner[];
  /** Told of each provisioned request (the plugin checks the entity's secrets at once). */
  onProvisioned?: (request: StoredSecretRequest) => void;
}): Promise<SecretRequestService> {
  const config = readSecretRequestConfig(deps.config);
  const store = new DatabaseSecretRequestStore(await deps.database.getClient());
  const notifier = new SecretRequestNotifier({
    notifications: deps.notifications,
    logger: deps.logger,
    approvers: config.approvers,
  });
  const expiry = new SecretRequestExpiry({
    store,
    auditor: deps.auditor,
    logger: deps.logger,
    notifier,
  });
  await deps.scheduler.scheduleTask({
    id: 'security-secret-request-expiry',
    scope: 'global',
    frequency: config.expiryFrequency,
    timeout: { minutes: 5 },
    initialDelay: { seconds: 30 },
    fn: async signal => {
      await expiry.run(signal as AbortSignal);
    },
  });
  if (deps.provisioners.length > 1) {
    deps.logger.warn(
      `${
        deps.provisioners.length
      } secret provisioners are registered (${deps.provisioners
        .map(p => p.id)
        .join(', ')}); secret requests are provisioned by the first, ${
        deps.provisioners[0].id
      }`,
    );
  }
  return new SecretRequestService({
    access: deps.access,
    readable: deps.readable,
    auth: deps.auth,
    permissions: deps.permissions,
    auditor: deps.auditor,
    logger: deps.logger,
    store,
    notifier,
    provisioners: deps.provisioners,
    pendingTtlMs: config.pendingTtlMs,
    expireNow: id => expiry.expireNow(id),
    onProvisioned: deps.onProvisioned,
  });
}
