import {
  gradeForScore,
  type HistoryListResponse,
  type ScorecardGroup,
  type ScorecardPage,
} from '@posture/backstage-plugin-security-common';
import type { ScorecardQuery } from '../src/api/types';
import {
  gradeCounts,
  history,
  scorecardEntity,
  scorecardGroup,
  scorecardPage,
  trend,
} from '../src/testing/scorecardFixtures';

/**
 * A small organisation for the dev harness's scorecards page: engineering with two
 * departments and their teams, answering drill-downs and (loosely) filters.
 */

const team = (
  name: string,
  title: string,
  a: number,
  f: number,
  score: number,
) =>
  scorecardGroup({
    ref: `group:default/${name}`,
    title,
    grades: gradeCounts({ A: a, B: 2, C: 1, D: 1, F: f, none: 1 }),
    score,
    kev: f * 2,
    highEpss: f * 3 + 1,
    checks: {
      'fixable-vulnerabilities': {
        passed: a + 3,
        failed: f + 1,
        missing: 1,
        exempt: 1,
      },
      'scan-age': { passed: a + 4, failed: f, missing: 1, exempt: 0 },
      sbom: { passed: a + 2, failed: f + 2, missing: 1, exempt: 0 },
      signature: { passed: a + 1, failed: f + 1, missing: 2, exempt: 1 },
      'secret-age': { passed: 3, failed: 1, missing: 0, exempt: 0 },
    },
  });

const teams: Record<string, ScorecardGroup[]> = {
  'group:default/platform': [
    team('sre', 'SRE', 6, 0, 91),
    team('infra', 'Infrastructure', 3, 2, 74),
  ],
  'group:default/product': [
    team('storefront', 'Storefront', 2, 3, 66),
    team('payments-team', 'Payments', 4, 1, 82),
    team('search', 'Search', 1, 4, 58),
  ],
};

function sum(
  title: string,
  ref: string,
  children: ScorecardGroup[],
): ScorecardGroup {
  const add = (pick: (g: ScorecardGroup) => number) =>
    children.reduce((total, child) => total + pick(child), 0);
  const grades = gradeCounts({
    A: add(g => g.grades.A),
    B: add(g => g.grades.B),
    C: add(g => g.grades.C),
    D: add(g => g.grades.D),
    F: add(g => g.grades.F),
    none: add(g => g.grades.none),
  });
  const graded = (g: ScorecardGroup) => g.entities - g.grades.none;
  const checks: ScorecardGroup['checks'] = {};
  for (const child of children) {
    for (const [check, tally] of Object.entries(child.checks)) {
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
    ref,
    title,
    entities: add(g => g.entities),
    grades,
    score: add(g => (g.score ?? 0) * graded(g)) / add(graded),
    kev: add(g => g.kev ?? 0),
    highEpss: add(g => g.highEpss ?? 0),
    checks,
  };
}

const departments = [
  sum('Platform', 'group:default/platform', teams['group:default/platform']),
  sum('Product', 'group:default/product', teams['group:default/product']),
];

const entities = [
  scorecardEntity({
    entityRef: 'component:default/legacy-checkout',
    kev: 4,
    highEpss: 7,
    title: 'Legacy checkout',
    grade: 'F',
    score: 22,
    failingChecks: ['fixable-vulnerabilities', 'scan-age', 'sbom', 'signature'],
    owner: 'group:default/storefront',
    exemptions: 0,
  }),
  scorecardEntity({
    entityRef: 'component:default/search-indexer',
    kev: 2,
    highEpss: 3,
    title: 'Search indexer',
    grade: 'F',
    score: 41,
    failingChecks: ['fixable-vulnerabilities', 'sbom'],
    owner: 'group:default/search',
    exemptions: 1,
  }),
  scorecardEntity({
    entityRef: 'component:default/payments',
    kev: 3,
    highEpss: 2,
    title: 'Payments API',
    grade: 'D',
    score: 63,
    failingChecks: ['scan-age'],
    owner: 'group:default/payments-team',
    lifecycle: 'production',
    exemptions: 2,
  }),
  scorecardEntity({
    entityRef: 'component:default/recommendations',
    kev: 0,
    highEpss: 1,
    title: 'Recommendations',
    grade: 'C',
    score: 74,
    failingChecks: ['signature'],
    owner: 'group:default/storefront',
  }),
  scorecardEntity({
    entityRef: 'component:default/edge-proxy',
    kev: 0,
    highEpss: 0,
    title: 'Edge proxy',
    grade: 'B',
    score: 86,
    failingChecks: ['secret-age'],
    owner: 'group:default/infra',
    lifecycle: 'experimental',
  }),
  scorecardEntity({
    entityRef: 'component:default/new-service',
    kev: 0,
    highEpss: 0,
    title: 'New service',
    grade: null,
    score: null,
    failingChecks: [],
    owner: 'group:default/sre',
  }),
];

const fleetTrend = trend(90, i => {
  const better = Math.floor(i / 10);
  return {
    grades: gradeCounts({
      A: 10 + better,
      B: 10,
      C: 5,
      D: 5,
      F: 12 - better,
      none: 5,
    }),
    score: 64 + i / 9,
  };
});

/** The whole fleet's numbers, as the backend answers them without a group. */
const wholeFleet = sum('All entities', '*', departments);

export function scorecards(query: ScorecardQuery): ScorecardPage {
  const group = query.group
    ? [...departments, ...Object.values(teams).flat()].find(
        candidate => candidate.ref === query.group,
      ) ?? null
    : wholeFleet;
  const groups = query.group ? teams[query.group] ?? [] : departments;
  const selected = entities.filter(
    entity => !query.grade || (entity.grade ?? 'none') === query.grade,
  );
  return scorecardPage({
    groupBy: query.groupBy ?? 'owner',
    group,
    groups: query.grade ? [] : groups,
    entities: selected,
    totalEntities: query.grade
      ? selected.length
      : (group ?? wholeFleet).entities,
    trend: fleetTrend,
  });
}

export const paymentsHistory: HistoryListResponse = {
  items: history(90, i => {
    // Three months: F, then C, then B.
    const month = Math.floor(i / 30);
    const score = [58 + (i % 5), 72 + (i % 4), 84 + (i % 3)][month];
    return { grade: gradeForScore(score), score, checks: {} };
  }),
};
