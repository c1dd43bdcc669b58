import type { Knex } from 'knex';

/**
 * PostgreSQL allows 65,535 bind parameters per statement and SQLite 32,766: multi-row inserts
 * are chunked to stay under both with room to spare. knex writes SQLite multi-row inserts as a
 * compound SELECT, which SQLite caps at 500 terms.
 */
const MAX_PARAMETERS = 30_000;
const SQLITE_MAX_ROWS = 500;

function isSqlite(trx: Knex.Transaction): boolean {
  return String(trx.client.config.client).includes('sqlite');
}

export async function bulkInsert<T extends object>(
  trx: Knex.Transaction,
  table: string,
  rows: T[],
): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  const columns = Object.keys(rows[0]).length;
  let chunkSize = Math.max(1, Math.floor(MAX_PARAMETERS / columns));
  if (isSqlite(trx)) {
    chunkSize = Math.min(chunkSize, SQLITE_MAX_ROWS);
  }
  for (let start = 0; start < rows.length; start += chunkSize) {
    await trx(table).insert(rows.slice(start, start + chunkSize));
  }
}
