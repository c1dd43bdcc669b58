import type {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  securityPostureReadPermission,
  type EntityPosture,
} from '@posture/backstage-plugin-security-common';
import type { PostureStore } from '../database/PostureStore';

export interface EntityName {
  kind: string;
  namespace: string;
  name: string;
}

/** An entity nothing has been reported for yet: every section null, no grade. */
export function emptyPosture(entityRef: string): EntityPosture {
  return {
    entityRef,
    grade: null,
    score: null,
    reasons: [],
    vulnerabilities: null,
    sbom: null,
    signature: null,
    secrets: null,
    updatedAt: null,
  };
}

/** Reads of an entity's posture: catalog lookup, permission, store. */
export class PostureService {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      permissions: PermissionsService;
      auditor: AuditorService;
      store: PostureStore;
    },
  ) {}

  /**
   * Resolves the entity through the catalog with the caller's credentials, so an entity the
   * caller cannot see is a 404 exactly like one that does not exist.
   */
  async getPosture(
    name: EntityName,
    credentials: BackstageCredentials,
  ): Promise<EntityPosture> {
    const entityRef = stringifyEntityRef(name);
    const auditorEvent = await this.deps.auditor.createEvent({
      eventId: 'posture-fetch',
      severityLevel: 'low',
      meta: { entityRef },
    });
    try {
      const entity = await this.deps.catalog.getEntityByRef(entityRef, {
        credentials,
      });
      if (!entity) {
        throw new NotFoundError(`No catalog entity ${entityRef}`);
      }
      const canonicalRef = stringifyEntityRef(entity);
      const [decision] = await this.deps.permissions.authorize(
        [{ permission: securityPostureReadPermission, resourceRef: canonicalRef }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Not allowed to read the security posture of ${canonicalRef}`,
        );
      }
      const posture =
        (await this.deps.store.getPosture(canonicalRef)) ??
        emptyPosture(canonicalRef);
      await auditorEvent.success();
      return posture;
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  }
}
