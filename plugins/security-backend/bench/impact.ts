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
import { DatabaseImpactStore } from '../src/database/impact/DatabaseImpactStore';
import {
  ALLOW_ALL,
  type EntityPredicate,
} from '../src/database/entityPredicate';
import type { ResolvedImpactQuery } from '../src/database/impact/ImpactStore';
import { parseImpactRequest } from '../src/service/impact/parseImpactQuery';
import { PG_URL } from './benchEngines';
import {
  cvesOf,
  firstFixedIndex,
  generateFleet,
  serviceImage,
  sidecarImage,
  teamRef,
  type BenchPackage,
} from './impactFleet';
import { compareIngest, printIngest } from './impactIngest';

const ENTITIES = Number(process.env.POSTURE_BENCH_ENTITIES ?? 10_000);
const COMPONENTS = Number(process.env.POSTURE_BENCH_COMPONENTS ?? 5_000_000);
const PACKAGES = Number(process.env.POSTURE_BENCH_PACKAGES ?? 4_000);
const QUERIES = 20;
const TARGET_MS = 300;
const DATABASE = 'posture_bench_impact';

/** 20 package ranks from the most popular to the tail, spread evenly on a log scale. */
function spreadRanks(candidates: number[], count = QUERIES): number[] {
  const picked: number[] = [];
  for (let i = 0; i < count; i++) {
    const target = Math.exp((Math.log(candidates.length) * i) / (count - 1));
    let index = Math.min(candidates.length - 1, Math.round(target) - 1);
    while (
      picked.includes(candidates[index]) &&
      index < candidates.length - 1
    ) {
      index++;
    }
    picked.push(candidates[index]);
  }
  return picked;
}

interface QueryKind {
  kind: string;
  params: Array<Record<string, string>>;
}

function queryKinds(catalog: BenchPackage[]): QueryKind[] {
  const all = catalog.map(p => p.p);
  const spread = spreadRanks(all).map(p => catalog[p - 1]);
  // Packages with findings: vulnerable, with at least one affected version.
  const vulnerable = spreadRanks(
    all.filter(p => cvesOf(p).length > 0 && catalog[p - 1].versions.length > 1),
  ).map(p => catalog[p - 1]);
  const semver = spreadRanks(
    all.filter(
      p => catalog[p - 1].type === 'npm' && catalog[p - 1].versions.length > 1,
    ),
  ).map(p => catalog[p - 1]);
  return [
    {
      kind: 'CVE',
      params: vulnerable.map(p => ({ vulnerability: cvesOf(p.p)[0] })),
    },
    {
      kind: 'purl with version',
      params: spread.map(p => ({
        purl: `${p.purlBase}@${p.versions[p.versions.length - 1]}${p.purlTail}`,
      })),
    },
    {
      kind: 'purl without version',
      params: spread.map(p => ({ purl: `${p.purlBase}${p.purlTail}` })),
    },
    {
      kind: 'package with a semver range',
      params: semver.map(p => ({
        package: p.name,
        ecosystem: 'npm',
        version: `<${p.versions[firstFixedIndex(p.versions.length)]}`,
      })),
    },
    {
      kind: 'image',
      params: [
        ...Array.from({ length: QUERIES / 2 }, (_, i) => ({
          image: `${serviceImage(
            1 + Math.floor((i * ENTITIES) / (QUERIES / 2)),
          )}:1.0`,
        })),
        ...Array.from({ length: QUERIES / 2 }, (_, i) => ({
          image: sidecarImage(1 + i * 5),
        })),
      ],
    },
  ];
}

const TWENTY_TEAMS: EntityPredicate = {
  field: 'owner',
  values: Array.from({ length: 20 }, (_, i) => teamRef(1 + i * 5)),
};

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await work();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function runQueries(knex: Knex, catalog: BenchPackage[]) {
  const store = new DatabaseImpactStore(knex);
  const callers: Array<[string, EntityPredicate]> = [
    ['everything', ALLOW_ALL],
    ['20 of 100 teams', TWENTY_TEAMS],
  ];
  const rows: string[] = [];
  let slow = 0;
  for (const { kind, params } of queryKinds(catalog)) {
    const queries: ResolvedImpactQuery[] = params.map(
      p => parseImpactRequest(p).resolved,
    );
    for (const [caller, predicate] of callers) {
      const run = (query: ResolvedImpactQuery) =>
        store.query({
          query,
          predicate,
          sort: 'owner',
          order: 'asc',
          offset: 0,
          limit: 50,
        });
      await run(queries[0]); // warm-up
      const times: number[] = [];
      const totals: number[] = [];
      for (const query of queries) {
        const [result, ms] = await timed(() => run(query));
        times.push(ms);
        totals.push(result.totalCount);
      }
      times.sort((a, b) => a - b);
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
    }
  }
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
