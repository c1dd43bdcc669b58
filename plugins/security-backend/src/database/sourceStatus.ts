import type { Knex } from 'knex';

export interface SourceStatusRow {
  entity_ref: string;
  source: string;
  attempted_at: string;
  succeeded_at: string | null;
  error: string | null;
}

export function readSourceStatus(
  db: Knex | Knex.Transaction,
  entityRef: string,
  source: string,
): Promise<SourceStatusRow | undefined> {
  return db('source_status').where({ entity_ref: entityRef, source }).first();
}

/** Records a pull source's attempt; a failure keeps the time of the last success. */
export async function recordSourceAttempt(
  trx: Knex.Transaction,
  entityRef: string,
  source: string,
  at: string,
  error: string | null,
): Promise<void> {
  const existing = error
    ? await readSourceStatus(trx, entityRef, source)
    : undefined;
  await trx('source_status')
    .insert({
      entity_ref: entityRef,
      source,
      attempted_at: at,
      succeeded_at: error ? existing?.succeeded_at ?? null : at,
      error,
    })
    .onConflict(['entity_ref', 'source'])
    .merge();
}
