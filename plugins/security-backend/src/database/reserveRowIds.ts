import type { Knex } from 'knex';

/**
 * PostgreSQL only: `count` values of the table's row_id sequence, ascending, taken in one
 * statement, so rows can be written with their ids known beforehand (a finding's aliases
 * point at its row id) instead of read back after the insert. The ids are the sequence's,
 * so no other writer ever gets them; under concurrent writers they need not be contiguous.
 */
export async function reserveRowIds(
  trx: Knex.Transaction,
  table: string,
  count: number,
): Promise<number[]> {
  if (count === 0) {
    return [];
  }
  // The sequence PostgreSQL named for the bigserial column, written into the statement: a
  // literal is resolved once, a parameter cast to regclass on every call of nextval.
  const sequence = `${table}_row_id_seq`;
  if (!/^[a-z_]+$/.test(sequence)) {
    throw new Error(`Not a table name: ${table}`);
  }
  // The ids go back as one array only when another writer's ids fell in between.
  const { rows } = await trx.raw(
    `SELECT MIN(id) AS first,
            CASE WHEN MAX(id) - MIN(id) + 1 = COUNT(*) THEN NULL ELSE array_agg(id) END AS ids
       FROM (SELECT nextval('${sequence}') AS id FROM generate_series(1, ?::int)) reserved`,
    [count],
  );
  const [{ first, ids: scattered }] = rows as Array<{
    first: string;
    ids: string[] | null;
  }>;
  const ids = scattered
    ? scattered.map(Number).sort((a, b) => a - b)
    : Array.from({ length: count }, (_, i) => Number(first) + i);
  if (ids.length !== count) {
    throw new Error(`${table}: ${ids.length} row ids reserved, ${count} asked`);
  }
  return ids;
}
