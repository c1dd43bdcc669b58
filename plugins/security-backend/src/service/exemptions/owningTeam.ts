import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';

/**
 * The entity's owner as a full ref: `spec.owner` may be written `team-a`, meaning the group
 * of that name in the entity's own namespace, or as a ref of any kind (`user:alice`).
 */
export function ownerRefOf(entity: Entity): string | null {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || owner.trim() === '') {
    return null;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(owner.trim(), {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return null;
  }
}

/** Whether the user's ownership refs (themselves and their groups) include the owner. */
export function isMemberOf(
  ownerRef: string,
  ownershipEntityRefs: readonly string[],
): boolean {
  // Entity refs compare without regard to case, as the catalog matches them.
  const owner = ownerRef.toLocaleLowerCase('en-US');
  return ownershipEntityRefs.some(
    ref => ref.toLocaleLowerCase('en-US') === owner,
  );
}
