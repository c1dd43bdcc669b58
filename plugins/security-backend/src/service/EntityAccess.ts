import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { securityPostureReadPermission } from '@posture/backstage-plugin-security-common';
import { callerKey, ReadGrantCache } from './ReadGrantCache';

export interface EntityName {
  kind: string;
  namespace: string;
  name: string;
}

export interface ReadGrant {
  entity: Entity;
  entityRef: string;
}

/** The one place that decides whether a caller may read an entity's posture. */
export class EntityAccess {
  private readonly grants: ReadGrantCache<ReadGrant>;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      permissions: PermissionsService;
      /** How long a caller's grant for an entity is reused; 0 asks every time. */
      grantTtlMs?: number;
      now?: () => number;
    },
  ) {
    this.grants = new ReadGrantCache({
      ttlMs: deps.grantTtlMs,
      now: deps.now,
    });
  }

  /**
   * Resolves the entity through the catalog with the caller's credentials, so an entity the
   * caller cannot see is a 404 exactly like one that does not exist; then checks
   * `security.posture.read` on it. Answers the canonical entity ref. A grant is reused for
   * the same caller and entity for a few seconds (see ReadGrantCache); refusals never are.
   */
  async authorizeRead(
    name: EntityName,
    credentials: BackstageCredentials,
  ): Promise<ReadGrant> {
    const requested = stringifyEntityRef(name);
    return this.grants.get(
      JSON.stringify([callerKey(credentials), requested]),
      () => this.decide(requested, credentials),
    );
  }

  private async decide(
    requested: string,
    credentials: BackstageCredentials,
  ): Promise<ReadGrant> {
    const entity = await this.deps.catalog.getEntityByRef(requested, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No catalog entity ${requested}`);
    }
    const entityRef = stringifyEntityRef(entity);
    const [decision] = await this.deps.permissions.authorize(
      [{ permission: securityPostureReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to read the security posture of ${entityRef}`,
      );
    }
    return { entity, entityRef };
  }
}
