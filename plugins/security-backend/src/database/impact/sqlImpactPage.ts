import type { Knex } from 'knex';
import type { EntityPredicate } from '../entityPredicate';
import { isPostgres } from '../fleet/dialect';
import {
  FACT_COLUMNS,
  readableMatches,
  type EntityFactsRow,
} from './impactEntities';
import type { ImpactSort, ResolvedImpactQuery } from './ImpactStore';
import { matchUnion, type MatchSourceOptions } from './matchSources';

/** Restricts the matches further: only these installed versions (a judged range). */
export type MatchFilter = Pick<MatchSourceOptions, 'versions'>;

/**
 * The affected entities of a query without a version judgement, counted, grouped by owner and
 * paged in SQL: the matching entities are joined to the facts the caller may read, and only
 * the page's entities leave the database. Which entities match is a DISTINCT over one narrow
 * column; only the order by number of matches counts the distinct match keys per entity.
 */

interface PageRow extends EntityFactsRow {
  match_count?: number | string;
}

/** Text in code-point order on both engines (SQLite compares bytes already). */
function textOrder(db: Knex, column: string): string {
  return isPostgres(db) ? `${column} COLLATE "C"` : column;
}

/** Each matching entity once. */
function matchingEntities(
  db: Knex,
  query: ResolvedImpactQuery,
  filter: MatchFilter,
): Knex.QueryBuilder {
  return db
    .from(
      matchUnion(db, query, { ...filter, columns: 'membership', all: true }).as(
        'u',
      ),
    )
    .distinct('u.entity_ref');
}

/** Each matching entity with its number of matches. */
function matchCounts(
  db: Knex,
  query: ResolvedImpactQuery,
  filter: MatchFilter,
): Knex.QueryBuilder {
  return db
    .from(
      matchUnion(db, query, {
        ...filter,
        columns: 'key',
        preferFindings: true,
      }).as('k'),
    )
    .select('k.entity_ref')
    .count({ match_count: '*' })
    .groupBy('k.entity_ref');
}

export async function sqlOwnerCounts(
  db: Knex,
  query: ResolvedImpactQuery,
  predicate: EntityPredicate,
  filter: MatchFilter,
): Promise<Array<{ ref: string | null; entities: number }>> {
  const rows: Array<{ owner_ref: string | null; entities: number | string }> =
    await readableMatches(db, matchingEntities(db, query, filter), predicate)
      .select('pe.owner_ref')
      .count({ entities: '*' })
      .groupBy('pe.owner_ref');
  return rows.map(r => ({ ref: r.owner_ref, entities: Number(r.entities) }));
}

export async function sqlEntityPage(
  db: Knex,
  options: {
    query: ResolvedImpactQuery;
    predicate: EntityPredicate;
    sort: ImpactSort;
    order: 'asc' | 'desc';
    offset: number;
    limit: number;
  },
  filter: MatchFilter,
): Promise<EntityFactsRow[]> {
  const { query, predicate, sort, order, offset, limit } = options;
  const byMatches = sort === 'matches';
  const qb = readableMatches(
    db,
    byMatches
      ? matchCounts(db, query, filter)
      : matchingEntities(db, query, filter),
    predicate,
  ).select('m.entity_ref', ...FACT_COLUMNS);
  const entity = textOrder(db, 'm.entity_ref');
  if (sort === 'entity') {
    qb.orderByRaw(`${entity} ${order}`);
  } else if (sort === 'owner') {
    qb.orderByRaw(
      `CASE WHEN pe.owner_ref IS NULL THEN 1 ELSE 0 END, ${textOrder(
        db,
        'pe.owner_ref',
      )} ${order}, ${entity} asc`,
    );
  } else {
    qb.select('m.match_count').orderByRaw(
      `m.match_count ${order}, ${entity} asc`,
    );
  }
  const rows: PageRow[] = await qb.offset(offset).limit(limit);
  return rows.map(({ match_count: _count, ...facts }) => facts);
}
