import type {
  Grade,
  GradeCounts,
  PolicyCheckId,
  ScorecardGroupBy,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { wherePredicate, type EntityPredicate } from '../entityPredicate';

/**
 * What the scorecards' numbers are about, as SQL: the entities of posture_entities `e` (left
 * joined to their summary row `p`) that the caller may see, that pass the filters and belong
 * to the drilled-into group; and the grade counting every scorecard query shares.
 */

export type GradeFilter = Grade | 'none';

export interface ScorecardFilters {
  kind?: string;
  lifecycle?: string;
  tag?: string;
  grade?: GradeFilter;
  /** Only entities failing this check. */
  check?: PolicyCheckId;
}

/** Which entities the numbers are about. */
export interface ScorecardSelection {
  groupBy: ScorecardGroupBy;
  /** A canonical ref (lower case) of the owner, system or domain drilled into. */
  group?: string;
  filters: ScorecardFilters;
  /** What the caller may read (see entityPredicate.ts). */
  visible: EntityPredicate;
}

const GRADE_COLUMNS: Array<[keyof GradeCounts, string]> = [
  ['A', 'grade_a'],
  ['B', 'grade_b'],
  ['C', 'grade_c'],
  ['D', 'grade_d'],
  ['F', 'grade_f'],
  ['none', 'grade_none'],
];

/** The selection's entities as posture_entities `e` left-joined to entity_posture `p`. */
export function selectionQuery(
  db: Knex,
  selection: ScorecardSelection,
): Knex.QueryBuilder {
  const q = db('posture_entities as e').leftJoin(
    'entity_posture as p',
    'p.entity_ref',
    'e.entity_ref',
  );
  wherePredicate(q, selection.visible, 'e');
  const { kind, lifecycle, tag, grade, check } = selection.filters;
  if (kind !== undefined) {
    q.whereRaw('lower(e.kind) = ?', [kind.toLowerCase()]);
  }
  if (lifecycle !== undefined) {
    q.whereRaw('lower(e.lifecycle) = ?', [lifecycle.toLowerCase()]);
  }
  if (tag !== undefined) {
    q.whereExists(sub =>
      sub
        .select('t.entity_ref')
        .from('posture_entity_tags as t')
        .whereRaw('t.entity_ref = e.entity_ref')
        .andWhereRaw('lower(t.tag) = ?', [tag.toLowerCase()]),
    );
  }
  if (grade === 'none') {
    q.whereNull('p.grade');
  } else if (grade !== undefined) {
    q.where('p.grade', grade);
  }
  if (check !== undefined) {
    q.whereExists(sub =>
      sub
        .select('c.entity_ref')
        .from('posture_checks as c')
        .whereRaw('c.entity_ref = e.entity_ref')
        .andWhere('c.check', check)
        .andWhere('c.status', 'fail'),
    );
  }
  if (selection.group !== undefined) {
    scopeToGroup(db, q, selection.groupBy, selection.group);
  }
  return q;
}

function scopeToGroup(
  db: Knex,
  q: Knex.QueryBuilder,
  groupBy: ScorecardGroupBy,
  group: string,
): void {
  if (groupBy === 'system') {
    q.where('e.system_ref', group);
  } else if (groupBy === 'domain') {
    q.where('e.domain_ref', group);
  } else {
    // The group itself, or any group below it (an owner that is a user is only itself).
    q.where(inner =>
      inner
        .where('e.owner_ref', group)
        .orWhereIn(
          'e.owner_ref',
          db('posture_group_ancestry')
            .select('group_ref')
            .where('ancestor_ref', group),
        ),
    );
  }
}

function gradeCountColumns(db: Knex, source: string): Knex.Raw[] {
  return [
    ...GRADE_COLUMNS.slice(0, 5).map(([grade, column]) =>
      db.raw(
        `sum(case when ${source}.grade = ? then 1 else 0 end) as ${column}`,
        [grade],
      ),
    ),
    db.raw(
      `sum(case when ${source}.grade is null then 1 else 0 end) as grade_none`,
    ),
  ];
}

function emptyGradeCounts(): GradeCounts {
  return { A: 0, B: 0, C: 0, D: 0, F: 0, none: 0 };
}

function gradeCountsOf(row: Record<string, unknown>): GradeCounts {
  const counts = emptyGradeCounts();
  for (const [grade, column] of GRADE_COLUMNS) {
    counts[grade] = Number(row[column] ?? 0);
  }
  return counts;
}

/** The names of the columns gradeScoreColumns answers; posture_history_rollups stores them too. */
export const GRADE_SCORE_COLUMNS: string[] = [
  ...GRADE_COLUMNS.map(([, column]) => column),
  'score_sum',
  'scored',
];

/**
 * What the grades and mean score of the rows of `source` (`p` summaries, `h` snapshots)
 * aggregated are computed from: a count per grade, the sum of the scores and how many have one.
 */
export function gradeScoreColumns(db: Knex, source: string): Knex.Raw[] {
  return [
    ...gradeCountColumns(db, source),
    db.raw(`sum(${source}.score) as score_sum`),
    db.raw(`count(${source}.score) as scored`),
  ];
}

/** The grade counts and mean score of a row of GRADE_SCORE_COLUMNS. */
export function gradesOf(row: Record<string, unknown>): {
  grades: GradeCounts;
  score: number | null;
} {
  return {
    grades: gradeCountsOf(row),
    score: meanScore(row.score_sum, row.scored),
  };
}

/** The mean of `scored` scores summing to `sum`, to one decimal; null when none is scored. */
function meanScore(sum: unknown, scored: unknown): number | null {
  const n = Number(scored ?? 0);
  return n > 0 ? Math.round((Number(sum) / n) * 10) / 10 : null;
}
