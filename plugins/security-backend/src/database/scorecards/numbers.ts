import {
  POLICY_CHECKS,
  type CheckTally,
  type GradeCounts,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import {
  GRADE_SCORE_COLUMNS,
  gradeScoreColumns,
  gradesOf,
  selectionQuery,
  type ScorecardSelection,
} from './selection';

/**
 * The numbers of a set of entities (how many, how many per grade, the mean score, per policy
 * check how many pass, fail, miss it or are exempt, and their open known-exploited and
 * high-EPSS findings) as the aggregate columns of one row, so that a group's numbers and the whole selection's are the same SQL: grouped per
 * group, or not grouped at all.
 */

/** The ref of the whole selection's numbers, as in the fleet's rollups. */
export const FLEET_REF = '*';

/** A group's numbers (or the whole selection's) before they get a title. */
export interface GroupNumbers {
  ref: string;
  entities: number;
  grades: GradeCounts;
  score: number | null;
  checks: Record<string, CheckTally>;
  /** Open known-exploited findings over the entities (their summaries' typed counts). */
  kev: number;
  /** Open findings at or above security.policy.highEpss over the entities. */
  highEpss: number;
}

/** The summaries' typed finding counts each group sums: [column of p, alias]. */
const FINDING_SUMS: Array<[string, string]> = [
  ['p.kev_count', 'kev_sum'],
  ['p.high_epss_count', 'high_epss_sum'],
];

const STATUS_TALLIES: Array<[string, keyof CheckTally]> = [
  ['pass', 'passed'],
  ['fail', 'failed'],
  ['missing', 'missing'],
  ['exempt', 'exempt'],
];

/** Each policy check's alias in joinChecks and the columns of its tallies. */
const CHECK_TALLIES = POLICY_CHECKS.map((check, i) => ({
  check,
  alias: `c${i}`,
  columns: STATUS_TALLIES.map(([status, key]) => ({
    status,
    key,
    column: `c${i}_${status}`,
  })),
}));

/** The columns numberColumns answers, for summing them again (owners' ancestors). */
export const NUMBER_COLUMNS: string[] = [
  'entities',
  ...GRADE_SCORE_COLUMNS,
  ...FINDING_SUMS.map(([, alias]) => alias),
  ...CHECK_TALLIES.flatMap(({ columns }) => columns.map(c => c.column)),
];

/**
 * Joins each entity of a selection query (`e`) to its row of each policy check: at most one
 * per check (posture_checks is keyed by entity and check), so the entities are not
 * multiplied and one pass counts grades and check tallies alike.
 */
export function joinChecks(q: Knex.QueryBuilder): Knex.QueryBuilder {
  for (const { check, alias } of CHECK_TALLIES) {
    q.leftJoin(`posture_checks as ${alias}`, join =>
      join
        .on(`${alias}.entity_ref`, '=', 'e.entity_ref')
        .andOnVal(`${alias}.check`, '=', check),
    );
  }
  return q;
}

/** The numbers of the rows aggregated, over a selection query (`e`, `p`) joined by joinChecks. */
export function numberColumns(db: Knex): Knex.Raw[] {
  return [
    db.raw('count(*) as entities'),
    ...gradeScoreColumns(db, 'p'),
    // An entity without a summary row counts none.
    ...FINDING_SUMS.map(([column, alias]) =>
      db.raw('coalesce(sum(??), 0) as ??', [column, alias]),
    ),
    ...CHECK_TALLIES.flatMap(({ alias, columns }) =>
      columns.map(({ status, column }) =>
        db.raw('sum(case when ?? = ? then 1 else 0 end) as ??', [
          `${alias}.status`,
          status,
          column,
        ]),
      ),
    ),
  ];
}

/** A row of numberColumns (or of their sums) as numbers. */
export function numbersOf(
  ref: string,
  row: Record<string, unknown>,
): GroupNumbers {
  const checks: Record<string, CheckTally> = {};
  for (const { check, columns } of CHECK_TALLIES) {
    const tally: CheckTally = { passed: 0, failed: 0, missing: 0, exempt: 0 };
    for (const { key, column } of columns) {
      tally[key] = Number(row[column] ?? 0);
    }
    checks[check] = tally;
  }
  return {
    ref,
    entities: Number(row.entities ?? 0),
    ...gradesOf(row),
    checks,
    kev: Number(row.kev_sum ?? 0),
    highEpss: Number(row.high_epss_sum ?? 0),
  };
}

/**
 * The whole selection's numbers in one query: every entity the caller may read that passes
 * the filters (and lies in the drilled-into group), with or without an owner, system or
 * domain; the same entities the entity list counts. Its ref is the group drilled into, or
 * FLEET_REF.
 */
export async function selectionNumbers(
  db: Knex,
  selection: ScorecardSelection,
): Promise<GroupNumbers> {
  const [row] = await joinChecks(selectionQuery(db, selection)).select(
    numberColumns(db),
  );
  return numbersOf(selection.group ?? FLEET_REF, row ?? {});
}
