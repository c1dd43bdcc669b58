import type { Knex } from 'knex';
import { setImmediate as nextTurn } from 'timers/promises';
import { bulkInsert, type PostgresColumnTypes } from './bulkInsert';

/**
 * Entries turned into rows and inserted between two turns of the event loop: one PostgreSQL
 * `unnest` statement. Mapping 500,000 components to rows in one go held the loop for a
 * noticeable share of a second; a slice of 10,000 costs a few milliseconds.
 */
export const ROWS_PER_TURN = 10_000;

/**
 * `bulkInsert(items.map(toRow))` a slice at a time, so rows are never all built at once and
 * health checks and reads are answered between slices (SQLite's driver is synchronous, so
 * its inserts alone would not hand the loop back).
 */
export async function insertInTurns<S, R extends object>(
  trx: Knex.Transaction,
  table: string,
  items: readonly S[],
  toRow: (item: S) => R,
  postgresTypes?: PostgresColumnTypes<R>,
): Promise<void> {
  for (let start = 0; start < items.length; start += ROWS_PER_TURN) {
    if (start > 0) {
      await nextTurn();
    }
    const rows = items.slice(start, start + ROWS_PER_TURN).map(toRow);
    await bulkInsert(trx, table, rows, postgresTypes);
  }
}
