import type { Knex } from 'knex';
import { setTimeout as pause } from 'node:timers/promises';
import { FINDING_ID_COLUMN_TYPES } from './findingIdRows';
import { bulkInsert } from './bulkInsert';
import { isPostgres } from './fleet/dialect';
import {
  aliasIdsOf,
  componentImpactColumns,
  vulnerabilityImpactColumns,
} from './impactColumns';
import type { FindingIdRow } from './rows';

/** `posture_meta` key set once every row stored before the impact columns has them. */
export const IMPACT_COLUMNS_BACKFILLED = 'backfill:impact-columns';

/** `posture_meta` keys of the last row_id each table's backfill has done (its cursor). */
export const BACKFILL_CURSORS = {
  components: 'backfill:impact-columns:components',
  vulnerabilities: 'backfill:impact-columns:findings',
} as const;

/** Rows read and written per transaction. */
export const BACKFILL_BATCH_SIZE = 5_000;

export interface BackfillOptions {
  batchSize?: number;
  /** Stops the run between two batches; the next run resumes. */
  signal?: AbortSignal;
  /**
   * PostgreSQL: how often a batch is tried while an upload holds one of its rows, and the
   * pause between tries (default 10 tries, 1 s apart); then the run stops, to resume later.
   */
  lockAttempts?: number;
  lockPauseMs?: number;
}

export interface BackfillResult {
  components: number;
  findings: number;
  findingIds: number;
  /**
   * Whether every old row is done: false when `signal` stopped the run first, or uploads kept
   * holding rows of its next batch.
   */
  done: boolean;
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
}

const BUSY = Symbol('rows held by an upload');

/** PostgreSQL's answer to NOWAIT when another transaction holds a row. */
const isLockNotAvailable = (error: unknown) =>
  (error as { code?: unknown } | null)?.code === '55P03';

/** `batch`, tried again after a pause while an upload holds its rows; BUSY when it still does. */
async function unlessBusy<T>(
  batch: () => Promise<T>,
  attempts: number,
  pauseMs: number,
): Promise<T | typeof BUSY> {
  for (let tried = 1; ; tried++) {
    try {
      return await batch();
    } catch (error) {
      if (!isLockNotAvailable(error)) throw error;
      if (tried >= attempts) return BUSY;
      await pause(pauseMs);
    }
  }
}

/**
 * Fills the impact columns of rows stored before migration 20270120120000 (which cannot parse
 * purls itself): components' name_lower and purl columns, findings' package_lower and purl
 * columns and their finding_ids (their id when it is not their CVE; aliases were not stored
 * then). Rows written since carry them already and are skipped.
 *
 * Runs in the background after start-up (scheduleImpactBackfill), not before: batches in
 * row_id order, each one transaction that also moves the table's cursor in `posture_meta`.
 * The batch first locks the cursor row, so replicas running it at once take batches in
 * turns and never do one twice, and an interrupted run (a restart, `signal`) resumes after
 * the last committed batch. `posture_meta` then remembers that it is done, and later runs
 * return at once.
 *
 * Uploads run meanwhile. On PostgreSQL a batch locks its rows without waiting (NOWAIT) and is
 * tried again after a pause when an upload holds one of them (replacing or deleting a
 * report): the backfill never waits for an upload while holding rows, so the two cannot
 * deadlock, and only the backfill ever gives way.
 */
export async function backfillPurlColumns(
  db: Knex,
  options: BackfillOptions = {},
): Promise<BackfillResult> {
  const result = { components: 0, findings: 0, findingIds: 0, done: true };
  if (await isBackfilled(db)) {
    return result;
  }
  const batchSize = options.batchSize ?? BACKFILL_BATCH_SIZE;
  const stopped = () => options.signal?.aborted === true;
  for (const key of Object.values(BACKFILL_CURSORS)) {
    await db('posture_meta')
      .insert({ key, value: '0' })
      .onConflict('key')
      .ignore();
  }
  /** The table's batches until none is left (true), or until the run stops or stays busy. */
  const drain = async <T>(
    table: keyof typeof BACKFILL_CURSORS,
    batch: BatchWork<T>,
    count: (written: T) => void,
  ): Promise<boolean> => {
    for (;;) {
      if (stopped()) return false;
      const written = await unlessBusy(
        () => inBatch(db, table, batch),
        options.lockAttempts ?? 10,
        options.lockPauseMs ?? 1_000,
      );
      if (written === BUSY) return false;
      if (written === null) return true;
      count(written);
    }
  };
  const componentsDone = await drain(
    'components',
    trx => componentBatch(trx, batchSize),
    written => {
      result.components += written;
    },
  );
  if (!componentsDone) return { ...result, done: false };
  const findingsDone = await drain(
    'vulnerabilities',
    trx => findingBatch(trx, batchSize),
    written => {
      result.findings += written.findings;
      result.findingIds += written.findingIds;
    },
  );
  if (!findingsDone) return { ...result, done: false };
  await db('posture_meta')
    .insert({ key: IMPACT_COLUMNS_BACKFILLED, value: new Date().toISOString() })
    .onConflict('key')
    .merge();
  return result;
}

/** Whether the backfill has finished (on this database, by any replica). */
export async function isBackfilled(db: Knex): Promise<boolean> {
  const done = await db('posture_meta')
    .where({ key: IMPACT_COLUMNS_BACKFILLED })
    .first('value');
  return done !== undefined;
}

/** A batch of rows after a row_id: its last row_id and what it wrote, or null when none is left. */
type BatchWork<T> = (
  trx: Knex.Transaction,
) => (after: number) => Promise<{ last: number; written: T } | null>;

/**
 * One batch in a transaction holding the table's cursor row: `work` is given the last row_id
 * done and answers the batch's last row_id with what it wrote, or null when no row is left.
 */
async function inBatch<T>(
  db: Knex,
  table: keyof typeof BACKFILL_CURSORS,
  work: BatchWork<T>,
): Promise<T | null> {
  const key = BACKFILL_CURSORS[table];
  return db.transaction(async trx => {
    const cursor = trx('posture_meta').where({ key }).first('value');
    // SQLite has one writer at a time already (and no FOR UPDATE).
    const { value } = isPostgres(db) ? await cursor.forUpdate() : await cursor;
    const batch = await work(trx)(Number(value));
    if (batch === null) {
      return null;
    }
    await trx('posture_meta')
      .where({ key })
      .update({ value: String(batch.last) });
    return batch.written;
  });
}

/**
 * PostgreSQL: the batch's rows locked at once, or a lock_not_available error when an upload
 * holds one (SQLite has one writer at a time already).
 */
function lockedNoWait(
  trx: Knex.Transaction,
  query: Knex.QueryBuilder,
): Knex.QueryBuilder {
  return isPostgres(trx) ? query.forUpdate().noWait() : query;
}

function componentBatch(trx: Knex.Transaction, batchSize: number) {
  return async (after: number) => {
    const query = trx('components')
      .where('row_id', '>', after)
      .whereNull('name_lower')
      .orderBy('row_id')
      .limit(batchSize);
    const batch: OldComponent[] = await lockedNoWait(trx, query).select(
      'row_id',
      'name',
      'purl',
    );
    if (batch.length === 0) {
      return null;
    }
    const rows = batch.map(c => ({
      row_id: Number(c.row_id),
      ...componentImpactColumns(c.name, c.purl),
    }));
    await updateByRowId(trx, 'components', rows);
    return { last: rows[rows.length - 1].row_id, written: rows.length };
  };
}

function findingBatch(trx: Knex.Transaction, batchSize: number) {
  return async (after: number) => {
    const query = trx('vulnerabilities')
      .where('row_id', '>', after)
      .whereNull('package_lower')
      .orderBy('row_id')
      .limit(batchSize);
    // Locked until the batch commits: an upload replacing the report meanwhile waits, so no
    // id is filed for a finding it deleted.
    const batch: OldFinding[] = await lockedNoWait(trx, query).select(
      'row_id',
      'report_id',
      'entity_ref',
      'vuln_id',
      'cve_id',
      'package_name',
      'purl',
    );
    if (batch.length === 0) {
      return null;
    }
    await updateByRowId(
      trx,
      'vulnerabilities',
      batch.map(f => ({
        row_id: Number(f.row_id),
        ...vulnerabilityImpactColumns(f.package_name, f.purl),
      })),
    );
    // A finding whose name does not fit package_lower may have been written with its ids.
    const filed = await rowsWithIds(trx, batch);
    const ids: FindingIdRow[] = batch
      .filter(f => !filed.has(Number(f.row_id)))
      .flatMap(f =>
        aliasIdsOf(f.vuln_id, [], f.cve_id).map(id => ({
          report_id: f.report_id,
          entity_ref: f.entity_ref,
          vulnerability_row_id: Number(f.row_id),
          id,
        })),
      );
    await bulkInsert(trx, 'finding_ids', ids, FINDING_ID_COLUMN_TYPES);
    return {
      last: Number(batch[batch.length - 1].row_id),
      written: { findings: batch.length, findingIds: ids.length },
    };
  };
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
