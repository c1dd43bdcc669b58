/*
 * What the fleet costs on disk, from PostgreSQL's own accounting: per table its rows
 * (pg_class.reltuples after ANALYZE), heap, TOAST (compressed documents and JSON), indexes and
 * total (pg_total_relation_size); every index's size; the database's; and how long a vacuum
 * pass with index cleanup takes on the largest tables (what autovacuum runs each time their
 * dead rows pass the threshold).
 */
import type { Knex } from 'knex';
import { timed } from './scaleStats';

export interface TableSize {
  table: string;
  rows: number;
  heapBytes: number;
  toastBytes: number;
  indexBytes: number;
  totalBytes: number;
}

export interface IndexSize {
  table: string;
  index: string;
  bytes: number;
}

export interface SizesResult {
  databaseBytes: number;
  tables: TableSize[];
  indexes: IndexSize[];
}

export async function measureSizes(knex: Knex): Promise<SizesResult> {
  const { rows: tables } = await knex.raw(
    `SELECT c.relname AS table, greatest(c.reltuples, 0)::bigint AS rows,
            pg_relation_size(c.oid) AS heap,
            pg_total_relation_size(c.oid) - pg_relation_size(c.oid)
              - pg_indexes_size(c.oid) AS toast,
            pg_indexes_size(c.oid) AS indexes,
            pg_total_relation_size(c.oid) AS total
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
      ORDER BY pg_total_relation_size(c.oid) DESC`,
  );
  const { rows: indexes } = await knex.raw(
    `SELECT relname AS table, indexrelname AS index,
            pg_relation_size(indexrelid) AS bytes
       FROM pg_stat_user_indexes
      ORDER BY pg_relation_size(indexrelid) DESC`,
  );
  const { rows: db } = await knex.raw(
    'SELECT pg_database_size(current_database()) AS bytes',
  );
  return {
    databaseBytes: Number(db[0].bytes),
    tables: tables.map((t: Record<string, string>) => ({
      table: t.table,
      rows: Number(t.rows),
      heapBytes: Number(t.heap),
      toastBytes: Number(t.toast),
      indexBytes: Number(t.indexes),
      totalBytes: Number(t.total),
    })),
    indexes: indexes.map((i: Record<string, string>) => ({
      table: i.table,
      index: i.index,
      bytes: Number(i.bytes),
    })),
  };
}

export interface VacuumRun {
  table: string;
  deadRows: number;
  seconds: number;
}

/** VACUUM with index cleanup forced (PostgreSQL skips it when few pages have dead rows). */
export async function measureVacuum(
  knex: Knex,
  tables: string[],
  options: { analyze?: boolean } = {},
): Promise<VacuumRun[]> {
  const statement = options.analyze
    ? 'VACUUM (INDEX_CLEANUP ON, ANALYZE)'
    : 'VACUUM (INDEX_CLEANUP ON)';
  const runs: VacuumRun[] = [];
  for (const table of tables) {
    const { rows } = await knex.raw(
      'SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = ?',
      [table],
    );
    const [, took] = await timed(() => knex.raw(`${statement} ??`, [table]));
    runs.push({
      table,
      deadRows: Number(rows[0]?.n_dead_tup ?? 0),
      seconds: took / 1000,
    });
    console.log(`  ${statement} ${table}: ${(took / 1000).toFixed(1)} s`);
  }
  return runs;
}
