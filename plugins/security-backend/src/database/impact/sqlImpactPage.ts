import type { Knex } from 'knex';
import type { EntityPredicate } from '../entityPredicate';
import { isPostgres } from '../fleet/dialect';
import {
  FACT_COLUMNS,
  readableMatches,
  type EntityFactsRow,
} from './impactEntities';
import type { ImpactSort, ResolvedImpactQuery } from './ImpactStore';
import { matchUnion } from './matchSources';

/**
 * The affected entities of a query without a version judgement, counted, grouped by owner and
 * paged in SQL: the distinct match keys are counted per entity, joined to the facts the
 * caller may read, and only the page's entities leave the database.
 */

interface PageRow extends EntityFactsRow {
  match_count: number | string;
}

/** Text in code-point order on both engines (SQLite compares bytes already). */
function textOrder(db: Knex, column: string): string {
  return isPostgres(db) ? `${column} COLLATE "C"` : column;
}

function perEntity(db: Knex, query: ResolvedImpactQuery): Knex.QueryBuilder {
  return db
    .from(
      matchUnion(db, query, { details: false, preferFindings: true }).as('k'),
    )
    .select('k.entity_ref')
    .count({ match_count: '*' })
    .groupBy('k.entity_ref');
}

export async function sqlOwnerCounts(
  db: Knex,
  query: ResolvedImpactQuery,
  predicate: EntityPredicate,
): Promise<Array<{ ref: string | null; entities: number }>> {
  const rows: Array<{ owner_ref: string | null; entities: number | string }> =
    await readableMatches(db, perEntity(db, query), predicate)
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
): Promise<Array<EntityFactsRow & { matchCount: number }>> {
  const { query, predicate, sort, order, offset, limit } = options;
  const qb = readableMatches(db, perEntity(db, query), predicate).select(
    'm.entity_ref',
    'm.match_count',
    ...FACT_COLUMNS,
  );
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
    qb.orderByRaw(`m.match_count ${order}, ${entity} asc`);
  }
  const rows: PageRow[] = await qb.offset(offset).limit(limit);
  return rows.map(r => ({ ...r, matchCount: Number(r.match_count) }));
}
