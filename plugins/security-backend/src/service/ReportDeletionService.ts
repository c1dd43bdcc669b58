import type {
  AuditorService,
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { securityReportDeletePermission } from '@posture/backstage-plugin-security-common';
import type { PostureStore } from '../database/PostureStore';
import type { EntityName } from './EntityAccess';

/** Who may write an entity's reports with a service credential; throws NotAllowedError if not. */
export interface ServiceWriteAccess {
  authorize(entity: Entity, credentials: BackstageCredentials): Promise<void>;
}

/**
 * Removes a wrong report (audited): users need `security.report.delete` on the entity, a
 * service credential needs to be allowed to upload to it.
 */
export class ReportDeletionService {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      permissions: PermissionsService;
      auditor: AuditorService;
      store: PostureStore;
      /** Service credentials' upload rule; without one, any service may write any entity. */
      serviceWriteAccess?: ServiceWriteAccess;
      /** Told (not awaited) after a report is deleted: campaigns recompute the entity. */
      afterReportChange?: (entityRef: string) => unknown;
      now?: () => Date;
    },
  ) {}

  async deleteReport(
    name: EntityName,
    reportId: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const requested = stringifyEntityRef(name);
    const auditorEvent = await this.deps.auditor.createEvent({
      eventId: 'report-delete',
      severityLevel: 'medium',
      meta: { entityRef: requested, reportId },
    });
    try {
      const entity = await this.authorize(requested, credentials);
      const entityRef = stringifyEntityRef(entity);
      const deleted = await this.deps.store.reports.deleteReport({
        entityRef,
        reportId,
        now: this.deps.now?.() ?? new Date(),
      });
      if (!deleted) {
        throw new NotFoundError(`No report ${reportId} for ${entityRef}`);
      }
      void this.deps.afterReportChange?.(entityRef);
      await auditorEvent.success({
        meta: {
          entityRef,
          reportId,
          format: deleted.format,
          artifact: deleted.artifact,
        },
      });
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  }

  private async authorize(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    // With the caller's credentials: an entity they cannot see is a 404, like a missing one.
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No catalog entity ${entityRef}`);
    }
    const canonical = stringifyEntityRef(entity);
    if (this.deps.auth.isPrincipal(credentials, 'user')) {
      const [decision] = await this.deps.permissions.authorize(
        [
          {
            permission: securityReportDeletePermission,
            resourceRef: canonical,
          },
        ],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Not allowed to delete reports of ${canonical} (security.report.delete)`,
        );
      }
    } else if (this.deps.auth.isPrincipal(credentials, 'service')) {
      await this.deps.serviceWriteAccess?.authorize(entity, credentials);
    } else {
      throw new NotAllowedError('Deleting a report needs a user or a service');
    }
    return entity;
  }
}
