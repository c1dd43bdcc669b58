import { parseEntityRef } from '@backstage/catalog-model';

/** Items of one owner, in the order they came. */
export interface OwnerGroup<T> {
  ref: string | null;
  title: string;
  items: T[];
}

/** "team-payments" from `group:default/team-payments`: a title when the backend gave none. */
export function ownerFallbackTitle(ref: string | null): string {
  if (!ref) {
    return 'No owner';
  }
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

/**
 * Items grouped by their owner, groups in the order their first item came (so the backend's
 * sort holds), titled from `titles` (the backend's owner titles) or the ref's name.
 */
export function groupByOwner<T extends { owner: string | null }>(
  items: readonly T[],
  titles: ReadonlyArray<{ ref: string | null; title: string }> = [],
): OwnerGroup<T>[] {
  const groups = new Map<string | null, OwnerGroup<T>>();
  for (const item of items) {
    let group = groups.get(item.owner);
    if (!group) {
      group = {
        ref: item.owner,
        title:
          titles.find(owner => owner.ref === item.owner)?.title ??
          ownerFallbackTitle(item.owner),
        items: [],
      };
      groups.set(item.owner, group);
    }
    group.items.push(item);
  }
  return [...groups.values()];
}
