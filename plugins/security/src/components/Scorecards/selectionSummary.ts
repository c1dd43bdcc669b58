import type {
  CheckTally,
  GradeCounts,
  ScorecardGroup,
  ScorecardGroupBy,
  ScorecardPage,
} from '@posture/backstage-plugin-security-common';
import { GRADE_BUCKETS } from '../TrendChart';

/** The numbers of what the page shows: the selected group, or the whole fleet. */
export type SelectionSummary = {
  title: string;
  entities: number;
  grades: GradeCounts;
  /** Mean score of the graded entities. */
  score: number | null;
  checks: Record<string, CheckTally>;
  /** Entities of the fleet in no group of this grouping (no system, say); 0 for a group. */
  ungrouped: number;
};

export const FLEET_TITLES: Record<ScorecardGroupBy, string> = {
  owner: 'All owners',
  system: 'All systems',
  domain: 'All domains',
};

function graded(group: Pick<ScorecardGroup, 'entities' | 'grades'>): number {
  return group.entities - group.grades.none;
}

/**
 * The selected group's own numbers, or for the whole fleet (the API sends no group then) the
 * sum of the top-level groups: each entity has one owner, system and domain, and top-level
 * owner groups do not nest, so they add up without counting an entity twice. Entities in no
 * group are counted apart (`ungrouped`).
 */
export function selectionSummary(page: ScorecardPage): SelectionSummary {
  if (page.group) {
    return { ...page.group, ungrouped: 0 };
  }
  const grades = Object.fromEntries(
    GRADE_BUCKETS.map(bucket => [
      bucket,
      page.groups.reduce((sum, group) => sum + group.grades[bucket], 0),
    ]),
  ) as GradeCounts;
  const entities = page.groups.reduce((sum, group) => sum + group.entities, 0);
  const scored = page.groups.filter(group => group.score !== null);
  const gradedCount = scored.reduce((sum, group) => sum + graded(group), 0);
  const checks: Record<string, CheckTally> = {};
  for (const group of page.groups) {
    for (const [check, tally] of Object.entries(group.checks)) {
      const total = checks[check] ?? {
        passed: 0,
        failed: 0,
        missing: 0,
        exempt: 0,
      };
      checks[check] = {
        passed: total.passed + tally.passed,
        failed: total.failed + tally.failed,
        missing: total.missing + tally.missing,
        exempt: total.exempt + tally.exempt,
      };
    }
  }
  return {
    title: FLEET_TITLES[page.groupBy],
    entities,
    grades,
    score:
      gradedCount > 0
        ? scored.reduce(
            (sum, group) => sum + (group.score ?? 0) * graded(group),
            0,
          ) / gradedCount
        : null,
    checks,
    ungrouped: Math.max(0, page.totalEntities - entities),
  };
}

/** Share of the check that passes or is exempt, 0..100; `null` when it applies to none. */
export function passRate(tally: CheckTally): number | null {
  const total = tally.passed + tally.failed + tally.missing + tally.exempt;
  return total === 0 ? null : (100 * (tally.passed + tally.exempt)) / total;
}
