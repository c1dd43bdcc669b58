import type { Knex } from 'knex';

/**
 * PostgreSQL allows 65,535 bind parameters per statement and SQLite 32,766: multi-row inserts
 * are chunked to stay under both with room to spare. knex writes SQLite multi-row inserts as a
 * compound SELECT, which SQLite caps at 500 terms.
 */
const MAX_PARAMETERS = 30_000;
const SQLITE_MAX_ROWS = 500;
/** Rows per PostgreSQL `unnest` statement: one array parameter per column, whatever the count. */
const POSTGRES_ROWS_PER_STATEMENT = 10_000;

/** PostgreSQL array types of a table's columns, for the `unnest` path. */
export type PostgresColumnTypes<T> = { [K in keyof T]-?: string };

function clientOf(trx: Knex.Transaction): string {
  return String(trx.client.config.client);
}

/**
 * Multi-row inserts, never one row at a time. On PostgreSQL, given the column types, rows go
 * in as one array per column through `INSERT ... SELECT * FROM unnest(...)`: a handful of
 * parameters per statement instead of one per value, which is several times faster than
 * VALUES lists for tens of thousands of rows.
 */
export async function bulkInsert<T extends object>(
  trx: Knex.Transaction,
  table: string,
  rows: T[],
  postgresTypes?: PostgresColumnTypes<T>,
): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  const client = clientOf(trx);
  if (postgresTypes && (client === 'pg' || client.includes('postgres'))) {
    await insertWithUnnest(trx, table, rows, postgresTypes);
    return;
  }
  const columns = Object.keys(rows[0]).length;
  let chunkSize = Math.max(1, Math.floor(MAX_PARAMETERS / columns));
  if (client.includes('sqlite')) {
    chunkSize = Math.min(chunkSize, SQLITE_MAX_ROWS);
  }
  for (let start = 0; start < rows.length; start += chunkSize) {
    await trx(table).insert(rows.slice(start, start + chunkSize));
  }
}

async function insertWithUnnest<T extends object>(
  trx: Knex.Transaction,
  table: string,
  rows: T[],
  types: PostgresColumnTypes<T>,
): Promise<void> {
  const columns = Object.keys(types) as Array<keyof T & string>;
  const sql = `INSERT INTO ?? (${columns
    .map(() => '??')
    .join(', ')}) SELECT * FROM unnest(${columns
    .map(c => `?::${types[c]}[]`)
    .join(', ')})`;
  for (
    let start = 0;
    start < rows.length;
    start += POSTGRES_ROWS_PER_STATEMENT
  ) {
    const chunk = rows.slice(start, start + POSTGRES_ROWS_PER_STATEMENT);
    const arrays = columns.map(column => chunk.map(row => row[column] ?? null));
    // node-postgres sends JS arrays as PostgreSQL arrays.
    await trx.raw(sql, [
      table,
      ...columns,
      ...arrays,
    ] as unknown as readonly Knex.RawBinding[]);
  }
}
