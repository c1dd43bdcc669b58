import {
  POLICY_CHECKS,
  type CheckTally,
  type GradeCounts,
  type ScorecardGroupBy,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import {
  GRADE_COLUMNS,
  gradeCountColumns,
  gradeCountsOf,
  meanScore,
  selectionQuery,
  type ScorecardSelection,
} from './selection';

/**
 * Grade counts, mean score and check tallies per owner group (each covering its descendant
 * groups), system or domain, over the typed columns only (never a JSON column, never the
 * findings), so a fleet of 10,000 answers in one pass.
 */

/** A group's numbers before it gets a title. */
export interface GroupNumbers {
  ref: string;
  entities: number;
  grades: GradeCounts;
  score: number | null;
  checks: Record<string, CheckTally>;
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
