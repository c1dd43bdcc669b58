import type { ScorecardGroupBy } from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import {
  joinChecks,
  NUMBER_COLUMNS,
  numberColumns,
  numbersOf,
  type GroupNumbers,
} from './numbers';
import { selectionQuery, type ScorecardSelection } from './selection';

/**
 * Grade counts, mean score and check tallies per owner group (each covering its descendant
 * groups), system or domain, over the typed columns only (never a JSON column, never the
 * findings), so a fleet of 10,000 answers in one query.
 */

/**
 * The numbers per group, as (group g, numbers...) for the selection: for owners each
 * entity's numbers are first summed per owner, then carried to the owner and every ancestor
 * group (the closure holds each group with itself at depth 0; an owner absent from it, a
 * user or an unknown group, counts for itself), so a parent covers all its descendants'
 * entities exactly once.
 */
function perGroup(db: Knex, selection: ScorecardSelection): Knex.QueryBuilder {
  const column = {
    owner: 'e.owner_ref',
    system: 'e.system_ref',
    domain: 'e.domain_ref',
  }[selection.groupBy];
  const base = joinChecks(selectionQuery(db, selection).whereNotNull(column));
  if (selection.groupBy !== 'owner') {
    // The selection is already scoped to the drilled-into system or domain.
    return base
      .select(db.raw(`${column} as g`), ...numberColumns(db))
      .groupBy(column);
  }

  const perOwner = base
    .select(db.raw(`${column} as owner`), ...numberColumns(db))
    .groupBy(column);
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
  return targets
    .with('per_owner', perOwner)
    .with('expanded', expanded)
    .select(
      'm.g',
      ...NUMBER_COLUMNS.map(c => db.raw('sum(??) as ??', [`m.${c}`, c])),
    )
    .groupBy('m.g');
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
  const rows: Array<Record<string, unknown>> = await perGroup(db, selection);
  return rows.map(row => numbersOf(String(row.g), row));
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
