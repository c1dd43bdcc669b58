import type { Knex } from 'knex';
import { isPostgres } from './fleet/dialect';

/** The session advisory lock replicas take around the plugin's migrations. */
const MIGRATION_LOCK = 'posture:migrations';

/**
 * `migrate.latest`, one replica at a time. On an empty PostgreSQL database two replicas
 * starting together both create knex's own tables and one fails ("relation knex_migrations
 * already exists", or "Migration table is already locked"), stopping its start-up; here the
 * second waits on a session advisory lock (held on a connection of its own while the
 * migrations use others) and then finds nothing left to run. SQLite has one writer and a
 * single process anyway; a pool of one connection could not migrate while holding the lock,
 * so it migrates as before.
 */
export async function migrateTogether(
  db: Knex,
  directory: string,
): Promise<void> {
  const pool = (db.client as { pool?: { max?: number } }).pool;
  if (!isPostgres(db) || (pool?.max ?? 2) < 2) {
    await db.migrate.latest({ directory });
    return;
  }
  const connection = await db.client.acquireConnection();
  try {
    await db
      .raw('SELECT pg_advisory_lock(hashtext(?))', [MIGRATION_LOCK])
      .connection(connection);
    try {
      await db.migrate.latest({ directory });
    } finally {
      await db
        .raw('SELECT pg_advisory_unlock(hashtext(?))', [MIGRATION_LOCK])
        .connection(connection);
    }
  } finally {
    await db.client.releaseConnection(connection);
  }
}
