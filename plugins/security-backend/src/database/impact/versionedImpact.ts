import type { Knex } from 'knex';
import type { EntityPredicate } from '../entityPredicate';
import {
  FACT_COLUMNS,
  readableMatches,
  type EntityFactsRow,
} from './impactEntities';
import type { ResolvedImpactQuery } from './ImpactStore';
import { matchUnion, type MatchRow } from './matchSources';

type PackageQuery = Extract<ResolvedImpactQuery, { kind: 'package' }>;

/**
 * A package query with a version or range: SQL narrows to the rows of that package name on
 * the indexed columns (and to the entities the caller may read), and the range is judged
 * here, row by row, since no index orders versions the semver or PEP 440 way. The candidates
 * are the rows of one package name, so they stay bounded (a package in every one of 10,000
 * entities is a few tens of thousands of rows); counts, owner groups and pages are then taken
 * over what the range keeps, so they stay exact.
 */
export async function readableVersionedRows(
  db: Knex,
  query: PackageQuery,
  predicate: EntityPredicate,
): Promise<Array<MatchRow & EntityFactsRow>> {
  const rows: Array<MatchRow & EntityFactsRow> = await readableMatches(
    db,
    matchUnion(db, query, { details: true, preferFindings: true }),
    predicate,
  ).select('m.*', ...FACT_COLUMNS);
  return rows.filter(row => inRange(query, row));
}

/** Whether the row's installed version is one the query asks for (always, without a version). */
export function inRange(
  query: ResolvedImpactQuery,
  row: Pick<MatchRow, 'source' | 'version'>,
): boolean {
  return (
    query.kind !== 'package' ||
    query.versionMatches === null ||
    query.versionMatches(row.version)
  );
}
