import { parseEntityRef } from '@backstage/catalog-model';
import type {
  ImpactItem,
  ImpactMatch,
  ImpactOwnerCount,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { wherePredicate, type EntityPredicate } from '../entityPredicate';
import { recordedTitles } from '../scorecards/entities';

/** An affected entity's recorded facts (null where posture_entities has no row for it yet). */
export interface EntityFactsRow {
  entity_ref: string;
  title: string | null;
  owner_ref: string | null;
  system_ref: string | null;
  lifecycle: string | null;
}

export const FACT_COLUMNS = [
  'pe.title',
  'pe.owner_ref',
  'pe.system_ref',
  'pe.lifecycle',
];

const isAllowAll = (predicate: EntityPredicate) =>
  'const' in predicate && predicate.const;

/**
 * Joins the matches (`m`, with an entity_ref column) to the entities' recorded facts and keeps
 * only what the predicate lets the caller read, in SQL. An entity with current reports that
 * the fleet regrade has not recorded yet has no facts a permission condition could be tested
 * against: it is left out, unless the caller may read every entity (then it is listed with
 * its ref as title and no owner).
 */
export function readableMatches(
  db: Knex,
  matches: Knex.QueryBuilder,
  predicate: EntityPredicate,
): Knex.QueryBuilder {
  const qb = db.from(matches.as('m'));
  if (isAllowAll(predicate)) {
    qb.leftJoin('posture_entities as pe', 'pe.entity_ref', 'm.entity_ref');
  } else {
    qb.join('posture_entities as pe', 'pe.entity_ref', 'm.entity_ref');
    wherePredicate(qb, predicate, 'pe');
  }
  return qb;
}

function nameOf(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

export function impactItem(
  facts: EntityFactsRow,
  matches: ImpactMatch[],
): ImpactItem {
  return {
    entityRef: facts.entity_ref,
    title: facts.title ?? nameOf(facts.entity_ref),
    owner: facts.owner_ref,
    system: facts.system_ref,
    lifecycle: facts.lifecycle,
    matches,
  };
}

/** What an owner group without an owner is called. */
export const NO_OWNER_TITLE = 'No owner';

/**
 * Owner counts with the owners' recorded titles, most affected first (then by ref, the
 * entities without an owner last).
 */
export async function ownerCounts(
  db: Knex,
  counts: Array<{ ref: string | null; entities: number }>,
): Promise<ImpactOwnerCount[]> {
  const titles = await recordedTitles(
    db,
    counts.flatMap(c => (c.ref === null ? [] : [c.ref])),
  );
  return counts
    .map(({ ref, entities }) => ({
      ref,
      title: ref === null ? NO_OWNER_TITLE : titles.get(ref) ?? nameOf(ref),
      entities,
    }))
    .sort(
      (a, b) =>
        b.entities - a.entities ||
        Number(a.ref === null) - Number(b.ref === null) ||
        compareText(a.ref ?? '', b.ref ?? ''),
    );
}

/** Code-point order, the same on every engine and in JavaScript. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
