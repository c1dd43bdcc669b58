import type { Knex } from 'knex';

/** First key of the advisory locks Posture takes, so they never meet another plugin's. */
const POSTURE_LOCK_CLASS = 0x504f53; // "POS"

/**
 * Runs `fn` in a transaction that holds the entity's write lock from its first statement, so
 * writes to one entity (uploads to a slot, the summary row they all rewrite, source passes)
 * run one after the other: none reads a state another is about to replace. Different
 * entities never wait for each other (barring a hash collision, which only serialises).
 *
 * PostgreSQL: a transaction-scoped advisory lock, released at commit or rollback. SQLite
 * allows one writer at a time already.
 */
export async function entityTransaction<T>(
  db: Knex,
  entityRef: string,
  fn: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  return db.transaction(async trx => {
    if (isPostgres(db)) {
      await trx.raw('SELECT pg_advisory_xact_lock(?, hashtext(?))', [
        POSTURE_LOCK_CLASS,
        entityRef,
      ]);
    }
    return fn(trx);
  });
}

function isPostgres(db: Knex): boolean {
  const client = db.client.config.client;
  return client === 'pg' || client === 'postgres' || client === 'postgresql';
}
