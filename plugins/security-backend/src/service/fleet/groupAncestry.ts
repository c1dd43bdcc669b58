import type { GroupAncestry } from '../../database/DatabaseFleetStore';

/**
 * The closure of the group tree: every group with itself (depth 0) and each ancestor above
 * it, from each group's parent. A parent the catalog does not list still gets its own row,
 * so it rolls up like any group. A broken catalog may contain a cycle (a parent of its own
 * ancestor): the walk stops at the first group it has seen, so it always ends.
 */
export function groupAncestry(
  parents: ReadonlyMap<string, string | null>,
): GroupAncestry[] {
  const groups = new Set<string>(parents.keys());
  for (const parent of parents.values()) {
    if (parent) groups.add(parent);
  }
  const rows: GroupAncestry[] = [];
  for (const group of [...groups].sort()) {
    const seen = new Set<string>();
    let current: string | null | undefined = group;
    for (let depth = 0; current && !seen.has(current); depth++) {
      seen.add(current);
      rows.push({ groupRef: group, ancestorRef: current, depth });
      current = parents.get(current);
    }
  }
  return rows;
}
