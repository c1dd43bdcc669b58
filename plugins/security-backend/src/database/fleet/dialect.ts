import type { Knex } from 'knex';

/** Whether the client speaks PostgreSQL (else SQLite): the two differ in JSON and bulk SQL. */
export function isPostgres(db: Knex | Knex.Transaction): boolean {
  const client = String(db.client.config.client);
  return client === 'pg' || client.includes('postgres');
}

/**
 * An aggregate building a JSON object text from two columns of each group, e.g. a check and
 * its status: `json_object_agg` on PostgreSQL, `json_group_object` on SQLite.
 */
export function jsonObjectAgg(
  db: Knex | Knex.Transaction,
  key: string,
  value: string,
): string {
  return isPostgres(db)
    ? `json_object_agg(${key}, ${value})::text`
    : `json_group_object(${key}, ${value})`;
}
