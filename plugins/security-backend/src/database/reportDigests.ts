import type { Knex } from 'knex';

/** Image digests of the entity's current reports, newest upload first. */
export async function reportDigests(
  db: Knex | Knex.Transaction,
  entityRef: string,
): Promise<string[]> {
  const rows: Array<{ digest: string }> = await db('reports')
    .where({ entity_ref: entityRef })
    .whereNotNull('digest')
    .orderBy('ingested_at', 'desc')
    .select('digest');
  return [...new Set(rows.map(r => r.digest))];
}
