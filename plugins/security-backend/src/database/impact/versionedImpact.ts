import type { Knex } from 'knex';
import type { ResolvedImpactQuery } from './ImpactStore';
import { matchUnion } from './matchSources';

/**
 * The installed versions of a package query's package that its version or range accepts, or
 * undefined when the query judges no version.
 *
 * No index orders versions the semver or PEP 440 way, so the range is judged here, in
 * JavaScript, but only over the package's distinct installed versions (read on the indexed
 * name columns): they are few, even for a package every one of 10,000 entities has. The
 * matches are then found, counted, grouped and paged in SQL with the accepted versions as an
 * equality list, exactly as a query without a version.
 */
export async function versionsInRange(
  db: Knex,
  query: ResolvedImpactQuery,
): Promise<string[] | undefined> {
  if (query.kind !== 'package' || query.versionMatches === null) {
    return undefined;
  }
  const rows: Array<{ version: string }> = await db
    .from(matchUnion(db, query, { columns: 'membership', all: true }).as('u'))
    .whereNotNull('u.version')
    .distinct('u.version');
  return rows.map(r => r.version).filter(v => query.versionMatches!(v));
}
