import { VEX_CLEARING_STATUSES } from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';

/**
 * Findings a VEX statement clears (`not_affected`, `fixed`) leave every count, the grade and
 * the default findings list; these say which rows are open and which are cleared, as SQL over
 * `vulnerabilities` (or its alias).
 */

const statusColumn = (alias?: string) =>
  alias ? `${alias}.vex_status` : 'vex_status';

/** Only findings no VEX statement clears. */
export function whereOpen(q: Knex.QueryBuilder, alias?: string): void {
  const column = statusColumn(alias);
  q.where(inner =>
    inner.whereNull(column).orWhereNotIn(column, [...VEX_CLEARING_STATUSES]),
  );
}

/** Only findings a VEX statement clears. */
export function whereCleared(q: Knex.QueryBuilder, alias?: string): void {
  q.whereIn(statusColumn(alias), [...VEX_CLEARING_STATUSES]);
}

/** A SQL condition, for CASE expressions: the finding is open. */
export function openCondition(db: Knex, alias?: string): Knex.Raw {
  const column = statusColumn(alias);
  return db.raw(
    `(?? IS NULL OR ?? NOT IN (${VEX_CLEARING_STATUSES.map(() => '?').join(
      ', ',
    )}))`,
    [column, column, ...VEX_CLEARING_STATUSES],
  );
}
