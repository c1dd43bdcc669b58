import knexFactory, { type Knex } from 'knex';

/**
 * A connection to the same database as `knex` of its own, as a second backend replica has:
 * on PostgreSQL a separate pool (so two "replicas" really race), on SQLite the same handle
 * (the test database lives in memory and has one writer anyway). Destroy it after the test.
 */
export function replicaConnection(knex: Knex): {
  db: Knex;
  destroy: () => Promise<void>;
} {
  const config = knex.client.config as Knex.Config;
  if (String(config.client) !== 'pg') {
    return { db: knex, destroy: async () => {} };
  }
  const db = knexFactory({
    client: 'pg',
    connection: config.connection,
    pool: { min: 0, max: 5 },
  });
  return { db, destroy: () => db.destroy() };
}
