import type {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { SecretRequestStore } from '../../database/DatabaseSecretRequestStore';
import type { Provisioning } from './Provisioning';
import { auditMeta, POSTURE_ACTOR } from './secretRequestAudit';
import { serviceRoleOf } from './SecretRequestService';

/** Abandoned attempts one pass resumes; each may take up to the provisioning timeout. */
export const RESUME_BATCH = 5;

/**
 * The scheduled pass (`security-secret-request-resume`, one replica at a time) that finishes
 * what a replica dying mid-provisioning left: an `approved` request whose attempt started
 * longer ago than `security.secretRequests.resumeAfter` (well past the provisioning timeout,
 * so no live attempt qualifies) gets its next attempt claimed in the database and runs it.
 * The provisioner recognises its own earlier writes by the request id, and only the current
 * attempt's outcome is stored, so the secret is provisioned once however the first attempt
 * ended. Each resumption is a `secret-request-resume` auditor event.
 */
export class ProvisioningResume {
  constructor(
    private readonly deps: {
      store: SecretRequestStore;
      provisioning: Provisioning;
      catalog: CatalogService;
      auth: AuthService;
      auditor: AuditorService;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  /** Answers how many abandoned attempts this pass resumed. */
  async run(signal?: AbortSignal): Promise<number> {
    const { store, provisioning, logger } = this.deps;
    if (!provisioning.available) return 0;
    const now = this.now();
    const resumed = await store.resumeAbandoned({
      staleBefore: provisioning.staleBefore(now),
      now,
      limit: RESUME_BATCH,
    });
    for (const request of resumed) {
      // Claimed already: even when the pass is cut short, the claim is stale again later.
      if (signal?.aborted) break;
      logger.info(
        `Resuming the provisioning of secret request ${request.id} (attempt ${request.attempt}): its previous attempt did not finish`,
      );
      const event = await this.deps.auditor.createEvent({
        eventId: 'secret-request-resume',
        severityLevel: 'medium',
        meta: auditMeta(request, POSTURE_ACTOR),
      });
      const done = await provisioning.run(
        request,
        await this.serviceRole(request.entityRef),
      );
      await event.success({ meta: auditMeta(done, POSTURE_ACTOR) });
    }
    return resumed.length;
  }

  /** The Vault role the approval named, read again; an Error when the entity is gone. */
  private async serviceRole(entityRef: string): Promise<string | Error> {
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials: await this.deps.auth.getOwnServiceCredentials(),
    });
    return entity
      ? serviceRoleOf(entity, entityRef)
      : new Error(
          `${entityRef} is no longer in the catalog; nothing was provisioned`,
        );
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}
