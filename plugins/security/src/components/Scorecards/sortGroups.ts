import type { ScorecardGroup } from '@posture/backstage-plugin-security-common';

/** Lowest mean score first; groups with nothing graded last. */
export function byScore(a: ScorecardGroup, b: ScorecardGroup): number {
  if (a.score === null || b.score === null) {
    return (a.score === null ? 1 : 0) - (b.score === null ? 1 : 0);
  }
  return a.score - b.score;
}

export type GroupSort = 'score' | 'title' | 'entities' | 'kev' | 'highEpss';

export const GROUP_SORT_LABELS: Record<GroupSort, string> = {
  score: 'Lowest mean score',
  title: 'Name',
  entities: 'Most entities',
  kev: 'Most known exploited',
  highEpss: 'Most high EPSS',
};

export function sortGroups(
  groups: ScorecardGroup[],
  sort: GroupSort,
): ScorecardGroup[] {
  const sorted = [...groups];
  if (sort === 'score') {
    sorted.sort(byScore);
  } else if (sort === 'title') {
    sorted.sort((a, b) => a.title.localeCompare(b.title));
  } else if (sort === 'entities') {
    sorted.sort((a, b) => b.entities - a.entities);
  } else {
    // Not counted (a backend before exploitability) last.
    sorted.sort((a, b) => (b[sort] ?? -1) - (a[sort] ?? -1));
  }
  return sorted;
}
