import type { Entity } from '@backstage/catalog-model';
import {
  getEntitySecretPaths,
  getEntityStaticRoles,
} from '@posture/backstage-plugin-security-common';

/** Whether the Vault source has anything to look up for the entity. */
export function hasVaultAnnotations(entity: Entity): boolean {
  return (
    getEntitySecretPaths(entity).length > 0 ||
    getEntityStaticRoles(entity).length > 0
  );
}
