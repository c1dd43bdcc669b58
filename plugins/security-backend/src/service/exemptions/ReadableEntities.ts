import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { securityPostureReadPermission } from '@posture/backstage-plugin-security-common';

/** Refs asked about per catalog request and per permission request. */
const BATCH = 100;

/**
 * Which of many entities a caller may read, decided as {@link EntityAccess} decides one: the
 * catalog must show the entity to the caller, and `security.posture.read` must allow it. In
 * batches (one catalog and one permission request per 100 refs), for fleet-wide lists.
 */
export class ReadableEntities {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      permissions: PermissionsService;
    },
  ) {}

  async filter(
    entityRefs: readonly string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const readable = new Set<string>();
    const unique = [...new Set(entityRefs)];
    for (let i = 0; i < unique.length; i += BATCH) {
      const refs = unique.slice(i, i + BATCH);
      const { items } = await this.deps.catalog.getEntitiesByRefs(
        {
          entityRefs: refs,
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials },
      );
      const visible = refs.filter((_, index) => items[index]);
      if (visible.length === 0) {
        continue;
      }
      const decisions = await this.deps.permissions.authorize(
        visible.map(resourceRef => ({
          permission: securityPostureReadPermission,
          resourceRef,
        })),
        { credentials },
      );
      visible.forEach((ref, index) => {
        if (decisions[index].result === AuthorizeResult.ALLOW) {
          readable.add(ref);
        }
      });
    }
    return readable;
  }
}
