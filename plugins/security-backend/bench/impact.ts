/*
 * yarn bench:impact — "where do we run it?" at fleet scale on PostgreSQL, through the real
 * impact store (DatabaseImpactStore) and the real query parsing (parseImpactRequest):
 *   1. generates POSTURE_BENCH_ENTITIES services (default 10,000) with SBOMs holding
 *      POSTURE_BENCH_COMPONENTS components in all (default 5,000,000) over a catalog of
 *      POSTURE_BENCH_PACKAGES packages (default 4,000) of Zipf-like popularity, scans with
 *      findings and finding_ids, and shared sidecar images (bench/impactFleet.ts), then
 *      VACUUM ANALYZE;
 *   2. runs 20 queries each (different values, from the most popular package to the tail) for
 *      a CVE, a purl with a version, a purl without one, a package with a semver range and an
 *      image, once for a caller who may read everything and once for one allowed only 20 of
 *      the 100 teams' entities (the predicate applied in SQL); prints median and p95 per kind
 *      (target: every median under 300 ms);
 *   3. compares ingest speed before and after the impact columns (bench/impactIngest.ts).
 * Creates and drops the database posture_bench_impact at POSTURE_BENCH_PG (default
 * postgresql://postgres@127.0.0.1:5432); POSTURE_BENCH_KEEP=1 keeps it for EXPLAIN ANALYZE.
 * POSTURE_BENCH_SKIP_INGEST=1 skips part 3, POSTURE_BENCH_ONLY_INGEST=1 runs only part 3.
 */
import knexFactory, { type Knex } from 'knex';
import os from 'node:os';
import { DatabasePostureStore } from '../src/database/DatabasePostureStore';
import { PG_URL } from './benchEngines';
import {
  impactQueryKinds,
  QUERIES_PER_KIND as QUERIES,
  timeImpactQueries,
} from './fleetImpactQueries';
import { generateFleet, type BenchPackage } from './impactFleet';
import { compareIngest, printIngest } from './impactIngest';

const ENTITIES = Number(process.env.POSTURE_BENCH_ENTITIES ?? 10_000);
const COMPONENTS = Number(process.env.POSTURE_BENCH_COMPONENTS ?? 5_000_000);
const PACKAGES = Number(process.env.POSTURE_BENCH_PACKAGES ?? 4_000);
const TARGET_MS = 300;
const DATABASE = 'posture_bench_impact';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function runQueries(knex: Knex, catalog: BenchPackage[]) {
  const rows: string[] = [];
  let slow = 0;
  await timeImpactQueries(
    knex,
    impactQueryKinds(catalog, ENTITIES),
    ({ kind, caller, times, totals }) => {
      const median = percentile(times, 0.5);
      if (median >= TARGET_MS) slow++;
      rows.push(
        `| ${kind} | ${caller} | ${median.toFixed(1)} ms | ${percentile(
          times,
          0.95,
        ).toFixed(1)} ms | ${times[times.length - 1].toFixed(
          1,
        )} ms | ${Math.min(...totals)} to ${Math.max(...totals)} |`,
      );
      process.stdout.write(
        `  ${kind}, ${caller}: median ${median.toFixed(1)} ms\n`,
      );
    },
  );
  console.log(
    `\nImpact queries (DatabaseImpactStore.query, sort by owner, first page of 50), ${QUERIES} different values each after one warm-up\n`,
  );
  console.log(
    '| query | caller may read | median | p95 | slowest | affected entities |',
  );
  console.log('|---|---|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
  console.log(
    slow === 0
      ? `\nEvery median is under ${TARGET_MS} ms.`
      : `\n${slow} median(s) at or over ${TARGET_MS} ms: see EXPLAIN ANALYZE (POSTURE_BENCH_KEEP=1).`,
  );
}

async function recreateDatabase(create: boolean) {
  const admin = knexFactory({ client: 'pg', connection: PG_URL });
  try {
    await admin.raw(`DROP DATABASE IF EXISTS ${DATABASE}`);
    if (create) await admin.raw(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.destroy();
  }
}

async function tableSizes(knex: Knex) {
  const { rows } = await knex.raw(
    `SELECT relname AS table, n_live_tup AS rows,
            pg_size_pretty(pg_total_relation_size(relid)) AS size
       FROM pg_stat_user_tables
      WHERE relname IN ('posture_entities', 'reports', 'components', 'vulnerabilities',
                        'finding_ids')
      ORDER BY relname`,
  );
  console.table(rows);
}

/** How often the queries used each index of the impact tables (0: only a cost to ingest). */
async function indexUse(knex: Knex) {
  const { rows } = await knex.raw(
    `SELECT relname AS table, indexrelname AS index, idx_scan AS scans,
            pg_size_pretty(pg_relation_size(indexrelid)) AS size
       FROM pg_stat_user_indexes
      WHERE relname IN ('components', 'vulnerabilities', 'finding_ids', 'reports')
      ORDER BY relname, indexrelname`,
  );
  console.log(
    '\nIndex use by the queries above (statistics reset before them):',
  );
  console.table(rows);
}

/** Parts 1 and 2, in the database `DATABASE` (already created). */
async function queryBench() {
  const connect = () =>
    knexFactory({ client: 'pg', connection: `${PG_URL}/${DATABASE}` });
  const knex = connect();
  try {
    await DatabasePostureStore.create({
      database: { getClient: async () => knex, migrations: { skip: false } },
    } as any);
    console.log(
      `Generating ${ENTITIES.toLocaleString(
        'en-US',
      )} entities, about ${COMPONENTS.toLocaleString(
        'en-US',
      )} components over ${PACKAGES.toLocaleString(
        'en-US',
      )} packages in ${PG_URL}/${DATABASE}`,
    );
    const started = Date.now();
    const catalog = await generateFleet(knex, {
      entities: ENTITIES,
      packages: PACKAGES,
      components: COMPONENTS,
    });
    console.log(
      `  generated in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    await tableSizes(knex);
    await knex.raw('SELECT pg_stat_reset()');
    await runQueries(knex, catalog);
  } finally {
    // Closing the connections also flushes their statistics for indexUse.
    await knex.destroy();
  }
  const reader = connect();
  try {
    await indexUse(reader);
  } finally {
    await reader.destroy();
  }
}

async function main() {
  const admin = knexFactory({ client: 'pg', connection: PG_URL });
  const { rows } = await admin.raw('SELECT version()');
  await admin.destroy();
  console.log(
    `${os.cpus().length} cores (${os.cpus()[0]?.model}), Node ${
      process.version
    }, load average ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}\n${rows[0].version}\n`,
  );
  if (!process.env.POSTURE_BENCH_ONLY_INGEST) {
    await recreateDatabase(true);
    try {
      await queryBench();
    } finally {
      if (!process.env.POSTURE_BENCH_KEEP) await recreateDatabase(false);
    }
  }
  if (!process.env.POSTURE_BENCH_SKIP_INGEST) {
    printIngest(await compareIngest(PACKAGES));
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
