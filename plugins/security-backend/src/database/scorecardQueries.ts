import {
  POLICY_CHECKS,
  type CheckTally,
  type Grade,
  type GradeCounts,
  type PolicyCheckId,
  type ScorecardEntity,
  type ScorecardGroupBy,
  type TrendPoint,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { wherePredicate, type EntityPredicate } from './entityPredicate';
import { toIsoTimestamp } from './rows';

/**
 * The scorecards' reads: grade counts, check tallies, the worst entities and the trend, over
 * the typed columns of posture_entities, entity_posture, posture_checks and the history tables
 * only (never a JSON column, never the findings), so a fleet of 10,000 answers in one pass.
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

/** A group's numbers before it gets a title. */
export interface GroupNumbers {
  ref: string;
  entities: number;
  grades: GradeCounts;
  score: number | null;
  checks: Record<string, CheckTally>;
}

/** Sorts ungraded entities (score null) after the worst graded one. */
const SORT_SCORE = 'coalesce(p.score, 101)';
const UNGRADED_SORT_SCORE = 101;

const GRADE_COLUMNS: Array<[keyof GradeCounts, string]> = [
  ['A', 'grade_a'],
  ['B', 'grade_b'],
  ['C', 'grade_c'],
  ['D', 'grade_d'],
  ['F', 'grade_f'],
  ['none', 'grade_none'],
];

/** The selection's entities as posture_entities `e` left-joined to entity_posture `p`. */
function selectionQuery(
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

/** The mean of `scored` scores summing to `sum`, to one decimal; null when none is scored. */
function meanScore(sum: unknown, scored: unknown): number | null {
  const n = Number(scored ?? 0);
  return n > 0 ? Math.round((Number(sum) / n) * 10) / 10 : null;
}

function emptyTallies(): Record<string, CheckTally> {
  return Object.fromEntries(
    POLICY_CHECKS.map(check => [
      check,
      { passed: 0, failed: 0, missing: 0, exempt: 0 },
    ]),
  );
}

const TALLY_KEYS: Record<string, keyof CheckTally> = {
  pass: 'passed',
  fail: 'failed',
  missing: 'missing',
  exempt: 'exempt',
};

/**
 * The rows per group, as (group g, ...) for the selection: for owners each entity's numbers
 * are first summed per owner, then carried to the owner and every ancestor group (the closure
 * holds each group with itself at depth 0; an owner absent from it, a user or an unknown
 * group, counts for itself), so a parent covers all its descendants' entities exactly once.
 */
function perGroup(
  db: Knex,
  selection: ScorecardSelection,
  columns: (source: string) => Array<string | Knex.Raw>,
  extraGroupBy: string[],
  join?: (q: Knex.QueryBuilder) => void,
): Knex.QueryBuilder {
  const column = {
    owner: 'e.owner_ref',
    system: 'e.system_ref',
    domain: 'e.domain_ref',
  }[selection.groupBy];
  const base = selectionQuery(db, selection).whereNotNull(column);
  join?.(base);
  if (selection.groupBy !== 'owner') {
    base
      .select(db.raw(`${column} as g`), ...columns('p'))
      .groupBy(column, ...extraGroupBy);
    // The selection is already scoped to the drilled-into system or domain.
    return base;
  }

  const perOwner = base
    .select(db.raw(`${column} as owner`), ...columns('p'))
    .groupBy(column, ...extraGroupBy);
  const expanded = db
    .from('per_owner as po')
    .leftJoin('posture_group_ancestry as a', 'a.group_ref', 'po.owner')
    .select(db.raw('coalesce(a.ancestor_ref, po.owner) as g'), 'po.*');
  const targets = db.from('expanded as m');
  if (selection.group === undefined) {
    // Top level: groups without a parent, and owners the tree does not know.
    targets.whereNotExists(sub =>
      sub
        .select('up.group_ref')
        .from('posture_group_ancestry as up')
        .whereRaw('up.group_ref = m.g')
        .andWhere('up.depth', '>', 0),
    );
  } else {
    const group = selection.group;
    targets.where(inner =>
      inner
        .where('m.g', group)
        .orWhereIn(
          'm.g',
          db('posture_group_ancestry')
            .select('group_ref')
            .where({ ancestor_ref: group, depth: 1 }),
        ),
    );
  }
  return targets.with('per_owner', perOwner).with('expanded', expanded);
}

/**
 * Every group's numbers: with `group`, that group and its direct children (owners) or that
 * system/domain alone; without, the top-level owner groups or every system/domain. Only
 * groups with at least one entity of the selection are answered.
 */
export async function groupNumbers(
  db: Knex,
  selection: ScorecardSelection,
): Promise<GroupNumbers[]> {
  const owner = selection.groupBy === 'owner';
  const gradeRows = await wrapSum(
    db,
    selection,
    perGroup(
      db,
      selection,
      source => [
        db.raw('count(*) as entities'),
        ...gradeCountColumns(db, source),
        db.raw(`sum(${source}.score) as score_sum`),
        db.raw(`count(${source}.score) as scored`),
      ],
      [],
    ),
    ['entities', ...GRADE_COLUMNS.map(([, c]) => c), 'score_sum', 'scored'],
    [],
  );
  const checkRows = await wrapSum(
    db,
    selection,
    perGroup(
      db,
      selection,
      () => ['c.check', 'c.status', db.raw('count(*) as n')],
      ['c.check', 'c.status'],
      q => q.join('posture_checks as c', 'c.entity_ref', 'e.entity_ref'),
    ),
    ['n'],
    owner ? ['check', 'status'] : [],
  );

  const groups = new Map<string, GroupNumbers>();
  for (const row of gradeRows) {
    groups.set(row.g, {
      ref: row.g,
      entities: Number(row.entities),
      grades: gradeCountsOf(row),
      score: meanScore(row.score_sum, row.scored),
      checks: emptyTallies(),
    });
  }
  for (const row of checkRows) {
    const tally = groups.get(row.g)?.checks[row.check];
    const key = TALLY_KEYS[row.status];
    if (tally && key) {
      tally[key] += Number(row.n);
    }
  }
  return [...groups.values()];
}

/**
 * For owners the per-owner sums are summed again per target group; systems and domains are
 * already one row per group (and check/status).
 */
async function wrapSum(
  db: Knex,
  selection: ScorecardSelection,
  q: Knex.QueryBuilder,
  summed: string[],
  keys: string[],
): Promise<any[]> {
  if (selection.groupBy !== 'owner') {
    return q;
  }
  return q
    .select(
      'm.g',
      ...keys.map(k => `m.${k}`),
      ...summed.map(c => db.raw('sum(??) as ??', [`m.${c}`, c])),
    )
    .groupBy('m.g', ...keys.map(k => `m.${k}`));
}

/** Whether the owner group, system or domain is known at all (to any caller). */
export async function groupExists(
  db: Knex,
  groupBy: ScorecardGroupBy,
  ref: string,
): Promise<boolean> {
  if (groupBy === 'owner') {
    const [inTree, owning] = await Promise.all([
      db('posture_group_ancestry').where('group_ref', ref).first('group_ref'),
      db('posture_entities').where('owner_ref', ref).first('entity_ref'),
    ]);
    return Boolean(inTree || owning);
  }
  const column = groupBy === 'system' ? 'system_ref' : 'domain_ref';
  return Boolean(
    await db('posture_entities').where(column, ref).first('entity_ref'),
  );
}

/** The number of entities in the selection. */
export async function countEntities(
  db: Knex,
  selection: ScorecardSelection,
): Promise<number> {
  const [row] = await selectionQuery(db, selection).count({ n: '*' });
  return Number(row.n);
}

const ENTITY_COLUMNS = [
  'e.entity_ref',
  'e.title',
  'e.kind',
  'e.owner_ref',
  'e.system_ref',
  'e.domain_ref',
  'e.lifecycle',
  'p.grade',
  'p.score',
  'p.updated_at',
];

interface EntityRow {
  entity_ref: string;
  title: string;
  kind: string;
  owner_ref: string | null;
  system_ref: string | null;
  domain_ref: string | null;
  lifecycle: string | null;
  grade: string | null;
  score: number | string | null;
  updated_at: Date | string | number | null;
}

/** Where a page of entities ended, worst first: the next page starts after it. */
export interface EntityPosition {
  sortScore: number;
  entityRef: string;
}

/**
 * One page of the selection's entities, worst first: lowest score first, ungraded entities
 * (nothing known) after the graded ones, ties by entity ref. `after` continues a previous
 * page (keyset paging, so an export of 10,000 never holds more than a page).
 */
export async function entityPage(
  db: Knex,
  selection: ScorecardSelection,
  options: { limit: number; now: Date; after?: EntityPosition },
): Promise<ScorecardEntity[]> {
  const q = selectionQuery(db, selection).select(ENTITY_COLUMNS);
  const { after } = options;
  if (after) {
    q.where(inner =>
      inner
        .whereRaw(`${SORT_SCORE} > ?`, [after.sortScore])
        .orWhere(tie =>
          tie
            .whereRaw(`${SORT_SCORE} = ?`, [after.sortScore])
            .andWhere('e.entity_ref', '>', after.entityRef),
        ),
    );
  }
  const rows: EntityRow[] = await q
    .orderByRaw(`${SORT_SCORE} asc, e.entity_ref asc`)
    .limit(options.limit);
  if (rows.length === 0) {
    return [];
  }
  const refs = rows.map(r => r.entity_ref);
  const [failing, exemptions] = await Promise.all([
    db('posture_checks')
      .whereIn('entity_ref', refs)
      .andWhere('status', 'fail')
      .select('entity_ref', 'check'),
    db('posture_exemptions')
      .whereIn('entity_ref', refs)
      .andWhere('status', 'approved')
      .andWhere('expires_at', '>', options.now.toISOString())
      .groupBy('entity_ref')
      .select('entity_ref')
      .count({ n: '*' }) as Promise<Array<{ entity_ref: string; n: unknown }>>,
  ]);
  const failingOf = new Map<string, Set<string>>();
  for (const row of failing) {
    const set = failingOf.get(row.entity_ref) ?? new Set<string>();
    set.add(row.check);
    failingOf.set(row.entity_ref, set);
  }
  const exemptionsOf = new Map<string, number>(
    exemptions.map(r => [r.entity_ref, Number(r.n)]),
  );
  return rows.map(row => {
    const failingSet = failingOf.get(row.entity_ref);
    return {
      entityRef: row.entity_ref,
      title: row.title,
      kind: row.kind,
      owner: row.owner_ref ?? null,
      system: row.system_ref ?? null,
      domain: row.domain_ref ?? null,
      lifecycle: row.lifecycle ?? null,
      grade: (row.grade as Grade | null) ?? null,
      score:
        row.score === null || row.score === undefined
          ? null
          : Number(row.score),
      failingChecks: failingSet
        ? POLICY_CHECKS.filter(check => failingSet.has(check))
        : [],
      exemptions: exemptionsOf.get(row.entity_ref) ?? 0,
      updatedAt:
        row.updated_at === null || row.updated_at === undefined
          ? null
          : toIsoTimestamp(row.updated_at),
    };
  });
}

/** The keyset position of an entity of a page, for the next page. */
export function positionOf(entity: ScorecardEntity): EntityPosition {
  return {
    sortScore: entity.score ?? UNGRADED_SORT_SCORE,
    entityRef: entity.entityRef,
  };
}

/** Every entity of the selection, a page at a time, worst first. */
export async function* allEntities(
  db: Knex,
  selection: ScorecardSelection,
  options: { pageSize: number; now: Date },
): AsyncGenerator<ScorecardEntity[]> {
  let after: EntityPosition | undefined;
  for (;;) {
    const page = await entityPage(db, selection, {
      limit: options.pageSize,
      now: options.now,
      after,
    });
    if (page.length > 0) {
      yield page;
    }
    if (page.length < options.pageSize) {
      return;
    }
    after = positionOf(page[page.length - 1]);
  }
}

function trendPoint(row: Record<string, unknown>): TrendPoint {
  return {
    date: String(row.day),
    grades: gradeCountsOf(row),
    score: meanScore(row.score_sum, row.scored),
  };
}

/**
 * The trend from the daily rollups: the fleet (`group` undefined: group_by 'fleet',
 * group_ref '*', as the regrade writes it) or one group. Cheap (one row per day), but only right when nothing is filtered out: the rollups
 * count every entity.
 */
export async function trendFromRollups(
  db: Knex,
  options: { groupBy: ScorecardGroupBy; group?: string; fromDay: string },
): Promise<TrendPoint[]> {
  const rows = await db('posture_history_rollups')
    .where('day', '>=', options.fromDay)
    .andWhere(
      options.group === undefined
        ? { group_by: 'fleet', group_ref: '*' }
        : { group_by: options.groupBy, group_ref: options.group },
    )
    .select('day', ...GRADE_COLUMNS.map(([, c]) => c), 'score_sum', 'scored')
    .orderBy('day', 'asc');
  return rows.map(trendPoint);
}

/**
 * The trend of exactly the selection's entities (as selected today: their kind, tags, grade
 * and failing checks now, and the caller's permissions), from their daily snapshots.
 */
export async function trendFromHistory(
  db: Knex,
  selection: ScorecardSelection,
  fromDay: string,
): Promise<TrendPoint[]> {
  const rows = await db('posture_history as h')
    .whereIn(
      'h.entity_ref',
      selectionQuery(db, selection).select('e.entity_ref'),
    )
    .andWhere('h.day', '>=', fromDay)
    .groupBy('h.day')
    .select(
      'h.day as day',
      ...gradeCountColumns(db, 'h'),
      db.raw('sum(h.score) as score_sum'),
      db.raw('count(h.score) as scored'),
    )
    .orderBy('h.day', 'asc');
  return rows.map(trendPoint);
}

/** The recorded titles of those refs that are entities with facts (e.g. systems when graded). */
export async function recordedTitles(
  db: Knex,
  refs: string[],
): Promise<Map<string, string>> {
  if (refs.length === 0) {
    return new Map();
  }
  const rows = await db('posture_entities')
    .whereIn('entity_ref', refs)
    .select('entity_ref', 'title');
  return new Map(rows.map(r => [r.entity_ref as string, r.title as string]));
}

/** The scorecard reads over one database client, for the service. */
export class ScorecardReader {
  constructor(private readonly db: Knex) {}

  groupNumbers(selection: ScorecardSelection) {
    return groupNumbers(this.db, selection);
  }

  groupExists(groupBy: ScorecardGroupBy, ref: string) {
    return groupExists(this.db, groupBy, ref);
  }

  countEntities(selection: ScorecardSelection) {
    return countEntities(this.db, selection);
  }

  entityPage(
    selection: ScorecardSelection,
    options: { limit: number; now: Date },
  ) {
    return entityPage(this.db, selection, options);
  }

  allEntities(
    selection: ScorecardSelection,
    options: { pageSize: number; now: Date },
  ) {
    return allEntities(this.db, selection, options);
  }

  trendFromRollups(options: {
    groupBy: ScorecardGroupBy;
    group?: string;
    fromDay: string;
  }) {
    return trendFromRollups(this.db, options);
  }

  trendFromHistory(selection: ScorecardSelection, fromDay: string) {
    return trendFromHistory(this.db, selection, fromDay);
  }

  recordedTitles(refs: string[]) {
    return recordedTitles(this.db, refs);
  }
}
