import type {
  GradeCounts,
  HistoryItem,
  ScorecardEntity,
  ScorecardGroup,
  ScorecardPage,
  TrendPoint,
} from '@posture/backstage-plugin-security-common';

/** Example scorecards and history shared by the tests and the dev harness. */

export function gradeCounts(counts: Partial<GradeCounts> = {}): GradeCounts {
  return { A: 0, B: 0, C: 0, D: 0, F: 0, none: 0, ...counts };
}

export function scorecardGroup(
  overrides: Partial<ScorecardGroup> & Pick<ScorecardGroup, 'ref'>,
): ScorecardGroup {
  const grades = overrides.grades ?? gradeCounts({ A: 2, C: 1, F: 1 });
  return {
    title: overrides.ref.replace(/^.*\//, ''),
    entities: Object.values(grades).reduce((sum, n) => sum + n, 0),
    grades,
    score: 74,
    checks: {
      'fixable-vulnerabilities': {
        passed: 3,
        failed: 1,
        missing: 0,
        exempt: 0,
      },
      'scan-age': { passed: 2, failed: 1, missing: 1, exempt: 0 },
      sbom: { passed: 4, failed: 0, missing: 0, exempt: 0 },
    },
    ...overrides,
  };
}

export function scorecardEntity(
  overrides: Partial<ScorecardEntity> & Pick<ScorecardEntity, 'entityRef'>,
): ScorecardEntity {
  return {
    title: overrides.entityRef.replace(/^.*\//, ''),
    kind: 'Component',
    owner: 'group:default/team-storefront',
    system: null,
    domain: null,
    lifecycle: 'production',
    grade: 'F',
    score: 40,
    failingChecks: ['fixable-vulnerabilities', 'scan-age'],
    exemptions: 0,
    updatedAt: '2026-12-01T10:00:00Z',
    ...overrides,
  };
}

/** `count` consecutive days (YYYY-MM-DD) ending on 2026-12-01, oldest first. */
export function dates(count: number): string[] {
  const end = Date.UTC(2026, 11, 1);
  return Array.from({ length: count }, (_, i) =>
    new Date(end - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

/** One trend point per day over `count` days. */
export function trend(
  count: number,
  point: (index: number) => Omit<TrendPoint, 'date'>,
): TrendPoint[] {
  return dates(count).map((date, i) => ({ date, ...point(i) }));
}

/** One daily snapshot of an entity per day over `count` days. */
export function history(
  count: number,
  item: (index: number) => Omit<HistoryItem, 'date'>,
): HistoryItem[] {
  return dates(count).map((date, i) => ({ date, ...item(i) }));
}

export function scorecardPage(
  overrides: Partial<ScorecardPage> = {},
): ScorecardPage {
  return {
    groupBy: 'owner',
    group: null,
    groups: [],
    entities: [],
    totalEntities: 0,
    trend: [],
    ...overrides,
  };
}
