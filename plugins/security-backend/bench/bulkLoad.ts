/*
 * Generating a large fleet the way a bulk loader would (pg_restore does the same): the
 * secondary indexes of the tables being filled are dropped and built again once the rows are
 * in, and the tables' own triggers (the statement-level report checks) are off meanwhile, as
 * the generated rows reference their reports by construction. Row by row, 25 million random
 * keys into indexes larger than shared_buffers took over 80 minutes at 50,000 entities.
 * Indexes built in one sort are denser than ones grown by inserts: scaling.md says how the
 * sizes compare.
 */
import type { Knex } from 'knex';

interface DeferredIndex {
  name: string;
  definition: string;
}

/** Indexes of `tables` that back no constraint (primary keys and unique constraints stay). */
async function secondaryIndexes(
  knex: Knex,
  tables: string[],
): Promise<DeferredIndex[]> {
  const { rows } = await knex.raw(
    `SELECT i.indexname AS name, i.indexdef AS definition
       FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = ANY (?)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
      ORDER BY i.indexname`,
    [tables],
  );
  return rows;
}

/**
 * Runs `fill` with the secondary indexes of `tables` dropped and their triggers disabled,
 * then builds the indexes again (with `maintenanceWorkMem` for the sorts) and re-enables the
 * triggers, also when `fill` fails, so the schema is left as the migrations made it.
 */
export async function withIndexesDeferred<T>(
  knex: Knex,
  tables: string[],
  fill: () => Promise<T>,
  maintenanceWorkMem = '512MB',
): Promise<T> {
  const indexes = await secondaryIndexes(knex, tables);
  for (const index of indexes) {
    await knex.raw('DROP INDEX ??', [index.name]);
  }
  for (const table of tables) {
    await knex.raw('ALTER TABLE ?? DISABLE TRIGGER USER', [table]);
  }
  try {
    return await fill();
  } finally {
    for (const table of tables) {
      await knex.raw('ALTER TABLE ?? ENABLE TRIGGER USER', [table]);
    }
    await knex.transaction(async trx => {
      await trx.raw(`SET LOCAL maintenance_work_mem = '${maintenanceWorkMem}'`);
      for (const index of indexes) await trx.raw(index.definition);
    });
  }
}
