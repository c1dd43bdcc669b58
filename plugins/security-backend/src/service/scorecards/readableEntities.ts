import type {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { securityPostureReadPermission } from '@posture/backstage-plugin-security-common';
import type { EntityPredicate } from '../../database/entityPredicate';
import { allOf, decisionPredicate } from './permissionPredicate';

/** The entities a caller may see on the scorecards. */
export interface ReadableEntities {
  predicate: EntityPredicate;
  /** Both permissions allow every entity: the precomputed fleet numbers are theirs too. */
  everything: boolean;
}

/**
 * Asks the permission framework once, without a resource, whether the caller may read
 * entities (catalog.entity.read) and their posture (security.posture.read), and turns the
 * answers into one predicate: an entity is shown only where both allow it. A condition the
 * scorecards cannot translate is logged once per rule and reason, and denies.
 */
export class ReadableEntitiesResolver {
  private readonly warned = new Set<string>();

  constructor(
    private readonly deps: {
      permissions: PermissionsService;
      logger: LoggerService;
      /** Where hidden entities are missing, for the warning (default: the scorecards). */
      view?: string;
    },
  ) {}

  async resolve(credentials: BackstageCredentials): Promise<ReadableEntities> {
    const decisions = await this.deps.permissions.authorizeConditional(
      [
        { permission: securityPostureReadPermission },
        { permission: catalogEntityReadPermission },
      ],
      { credentials },
    );
    const predicate = allOf(
      decisions.map(decision =>
        decisionPredicate(decision, (rule, why) => this.warn(rule, why)),
      ),
    );
    return {
      predicate,
      everything: decisions.every(d => d.result === AuthorizeResult.ALLOW),
    };
  }

  private warn(rule: string, why: string) {
    const key = `${rule}\0${why}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.deps.logger.warn(
      `Posture cannot apply the permission rule ${rule} (${why}); entities it would allow are hidden from ${
        this.deps.view ?? 'the scorecards'
      }`,
    );
  }
}
