import type {
  AuditorService,
  AuthService,
  DatabaseService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SecretProvisioner } from '@posture/backstage-plugin-security-node';
import {
  DatabaseSecretRequestStore,
  type StoredSecretRequest,
} from '../../database/DatabaseSecretRequestStore';
import type { EntityAccess } from '../EntityAccess';
import type { ReadableEntities } from '../exemptions/ReadableEntities';
import { Provisioning } from './Provisioning';
import { ProvisioningResume, RESUME_BATCH } from './ProvisioningResume';
import { readSecretRequestConfig } from './secretRequestConfig';
import { SecretRequestExpiry } from './SecretRequestExpiry';
import { SecretRequestNotifier } from './SecretRequestNotifier';
import { SecretRequestService } from './SecretRequestService';

/** The resume pass's task id (scope global: one replica at a time). */
export const RESUME_TASK_ID = 'security-secret-request-resume';

/**
 * The secret request workflow as the plugin runs it: its store, notifier and service, the
 * scheduled expiry pass (`security-secret-request-expiry`, one instance at a time) and the
 * pass resuming provisioning a dying replica left unfinished ({@link ProvisioningResume}).
 */
export async function createSecretRequests(deps: {
  config: Config;
  database: DatabaseService;
  scheduler: SchedulerService;
  access: EntityAccess;
  readable: ReadableEntities;
  catalog: CatalogService;
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
  const provisioning = new Provisioning({
    provisioner: deps.provisioners[0],
    store,
    auditor: deps.auditor,
    logger: deps.logger,
    notifier,
    now: () => new Date(),
    onProvisioned: deps.onProvisioned,
    timeoutMs: config.provisionTimeoutMs,
    staleAfterMs: config.resumeAfterMs,
  });
  const resume = new ProvisioningResume({
    store,
    provisioning,
    catalog: deps.catalog,
    auth: deps.auth,
    auditor: deps.auditor,
    logger: deps.logger,
  });
  await deps.scheduler.scheduleTask({
    id: RESUME_TASK_ID,
    scope: 'global',
    frequency: config.resumeFrequency,
    // Each resumed attempt is bounded by the provisioning timeout.
    timeout: { milliseconds: (RESUME_BATCH + 1) * config.provisionTimeoutMs },
    initialDelay: config.resumeFrequency,
    fn: async signal => {
      await resume.run(signal as AbortSignal);
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
    provisioning,
    pendingTtlMs: config.pendingTtlMs,
    expireNow: id => expiry.expireNow(id),
  });
}
