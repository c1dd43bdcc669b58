import type { Knex } from 'knex';
import { entityTransaction } from './entityTransaction';
import { FINDING_ID_COLUMN_TYPES } from './findingIdRows';
import { bulkInsert } from './bulkInsert';
import {
  componentImpactColumns,
  findingIdsOf,
  vulnerabilityImpactColumns,
} from './impactColumns';
import type { FindingIdRow } from './rows';

/** `posture_meta` key set once every row stored before the impact columns has them. */
export const IMPACT_COLUMNS_BACKFILLED = 'backfill:impact-columns';

/** Rows read and written per transaction. */
export const BACKFILL_BATCH_SIZE = 5_000;

/**
 * Serialises backfills of replicas starting together (one PostgreSQL advisory lock per
 * batch), so two never file the same finding's ids twice.
 */
const BACKFILL_LOCK = 'posture:backfill:impact-columns';

function isPostgres(db: Knex): boolean {
  const client = String(db.client.config.client);
  return client === 'pg' || client.includes('postgres');
}

interface OldComponent {
  row_id: number | string;
  name: string;
  purl: string | null;
}

interface OldFinding {
  row_id: number | string;
  report_id: string;
  entity_ref: string;
  vuln_id: string;
  cve_id: string | null;
  package_name: string;
  purl: string | null;
  package_lower: string | null;
}

/**
 * Fills the impact columns of rows stored before migration 20270120120000 (which cannot parse
 * purls itself): components' name_lower and purl columns, findings' package_lower and purl
 * columns, and finding_ids for findings that have none (their id and CVE; aliases were not
 * stored then). Runs once, at start-up after the migrations, in batches by row_id, each its
 * own transaction: an interrupted backfill resumes where it stopped at the next start, and
 * uploads meanwhile write their own rows complete. Idempotent; `posture_meta` remembers that
 * it is done.
 */
export async function backfillPurlColumns(
  db: Knex,
  options: { batchSize?: number } = {},
): Promise<{ components: number; findings: number; findingIds: number }> {
  const done = await db('posture_meta')
    .where({ key: IMPACT_COLUMNS_BACKFILLED })
    .first('value');
  if (done) {
    return { components: 0, findings: 0, findingIds: 0 };
  }
  const batchSize = options.batchSize ?? BACKFILL_BATCH_SIZE;
  const components = await backfillComponents(db, batchSize);
  const { findings, findingIds } = await backfillFindings(db, batchSize);
  await db('posture_meta')
    .insert({ key: IMPACT_COLUMNS_BACKFILLED, value: new Date().toISOString() })
    .onConflict('key')
    .merge();
  return { components, findings, findingIds };
}

async function backfillComponents(db: Knex, batchSize: number) {
  let after = 0;
  let updated = 0;
  for (;;) {
    const batch: OldComponent[] = await db('components')
      .where('row_id', '>', after)
      .whereNull('name_lower')
      .orderBy('row_id')
      .limit(batchSize)
      .select('row_id', 'name', 'purl');
    if (batch.length === 0) {
      return updated;
    }
    after = Number(batch[batch.length - 1].row_id);
    const rows = batch.map(c => ({
      row_id: Number(c.row_id),
      ...componentImpactColumns(c.name, c.purl),
    }));
    await entityTransaction(db, BACKFILL_LOCK, trx =>
      updateByRowId(trx, 'components', rows),
    );
    updated += rows.length;
  }
}

async function backfillFindings(db: Knex, batchSize: number) {
  let after = 0;
  let findings = 0;
  let findingIds = 0;
  for (;;) {
    // Every finding, not only those without package_lower: a finding may lack its ids alone.
    const batch: OldFinding[] = await db('vulnerabilities')
      .where('row_id', '>', after)
      .orderBy('row_id')
      .limit(batchSize)
      .select(
        'row_id',
        'report_id',
        'entity_ref',
        'vuln_id',
        'cve_id',
        'package_name',
        'purl',
        'package_lower',
      );
    if (batch.length === 0) {
      return { findings, findingIds };
    }
    after = Number(batch[batch.length - 1].row_id);
    const written = await entityTransaction(db, BACKFILL_LOCK, trx =>
      backfillFindingBatch(trx, batch),
    );
    findings += written.findings;
    findingIds += written.findingIds;
  }
}

/** One batch of findings: the columns of those without them, the ids of those without any. */
async function backfillFindingBatch(
  trx: Knex.Transaction,
  batch: OldFinding[],
): Promise<{ findings: number; findingIds: number }> {
  const columns = batch
    .filter(f => f.package_lower === null)
    .map(f => ({
      row_id: Number(f.row_id),
      ...vulnerabilityImpactColumns(f.package_name, f.purl),
    }));
  await updateByRowId(trx, 'vulnerabilities', columns);

  const filed = await rowsWithIds(trx, batch);
  const ids: FindingIdRow[] = batch
    .filter(f => !filed.has(Number(f.row_id)))
    .flatMap(f =>
      findingIdsOf(f.vuln_id, [], f.cve_id).map(id => ({
        report_id: f.report_id,
        entity_ref: f.entity_ref,
        vulnerability_row_id: Number(f.row_id),
        id,
      })),
    );
  await insertFindingIds(trx, ids);
  return { findings: columns.length, findingIds: ids.length };
}

/** The batch's findings that finding_ids already knows (found through its report index). */
async function rowsWithIds(
  trx: Knex.Transaction,
  batch: OldFinding[],
): Promise<Set<number>> {
  const reportIds = [...new Set(batch.map(f => f.report_id))];
  const first = Number(batch[0].row_id);
  const last = Number(batch[batch.length - 1].row_id);
  const filed = new Set<number>();
  for (let i = 0; i < reportIds.length; i += 500) {
    const rows: Array<{ vulnerability_row_id: number | string }> = await trx(
      'finding_ids',
    )
      .whereIn('report_id', reportIds.slice(i, i + 500))
      .whereBetween('vulnerability_row_id', [first, last])
      .distinct('vulnerability_row_id');
    for (const row of rows) filed.add(Number(row.vulnerability_row_id));
  }
  return filed;
}

/**
 * finding_ids rows; on PostgreSQL joined to the findings as they are now, so a finding whose
 * report an upload replaced since the batch was read gets none (instead of a foreign-key error).
 */
async function insertFindingIds(
  trx: Knex.Transaction,
  rows: FindingIdRow[],
): Promise<void> {
  if (rows.length === 0) return;
  if (!isPostgres(trx)) {
    await bulkInsert(trx, 'finding_ids', rows, FINDING_ID_COLUMN_TYPES);
    return;
  }
  await trx.raw(
    `INSERT INTO finding_ids (report_id, entity_ref, vulnerability_row_id, id)
     SELECT v.report_id, v.entity_ref, v.row_id, u.id
     FROM unnest(?::bigint[], ?::text[]) AS u(row_id, id)
     JOIN vulnerabilities v ON v.row_id = u.row_id`,
    [rows.map(r => r.vulnerability_row_id), rows.map(r => r.id)],
  );
}

/**
 * Sets each row's columns by row_id: on PostgreSQL one `UPDATE ... FROM unnest(...)` per
 * batch; on SQLite one prepared UPDATE per row, inside the batch's transaction.
 */
async function updateByRowId<T extends { row_id: number }>(
  trx: Knex.Transaction,
  table: 'components' | 'vulnerabilities',
  rows: T[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]).filter(c => c !== 'row_id') as Array<
    keyof T & string
  >;
  if (!isPostgres(trx)) {
    for (const { row_id: rowId, ...values } of rows) {
      await trx(table).where('row_id', rowId).update(values);
    }
    return;
  }
  await trx.raw(
    `UPDATE ?? AS t SET ${columns.map(() => '?? = u.??').join(', ')}
     FROM unnest(?::bigint[], ${columns.map(() => '?::text[]').join(', ')})
       AS u(row_id, ${columns.map(() => '??').join(', ')})
     WHERE t.row_id = u.row_id`,
    [
      table,
      ...columns.flatMap(c => [c, c]),
      rows.map(r => r.row_id),
      ...columns.map(c => rows.map(r => r[c] ?? null)),
      ...columns,
    ] as unknown as readonly Knex.RawBinding[],
  );
}
