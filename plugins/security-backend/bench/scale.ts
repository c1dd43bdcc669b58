/*
 * yarn bench:scale — how far one PostgreSQL carries Posture: for each fleet size in
 * POSTURE_BENCH_SCALE_SIZES (default 10000,50000), in a throwaway database
 * posture_bench_scale_<size> migrated with the real migrations, a generated fleet
 * (scaleFleet.ts: POSTURE_BENCH_SCALE_COMPONENTS_PER_ENTITY components per entity on average,
 * default 500, over POSTURE_BENCH_PACKAGES packages, default 4,000; findings, documents,
 * summaries, secrets, POSTURE_BENCH_SCALE_DAYS days of history, default 400), then through the
 * real code paths:
 *   - the database's size, per table and index;
 *   - the daily regrade + snapshot (first: grades every entity; then the next day's), then a
 *     VACUUM ANALYZE of the tables it rewrote, as autovacuum would leave them;
 *   - per-entity reads of POSTURE_BENCH_SCALE_READS entities (50): posture, findings, SBOM;
 *   - the scorecards (POSTURE_BENCH_SCALE_CALLS calls each, 10) and the impact queries (20 per
 *     kind), for an allow-all caller and one allowed 20 of 100 teams; again with the session
 *     session settings of each variant in POSTURE_BENCH_SCALE_TUNED (default
 *     "jit=off;jit=off,work_mem=64MB"; empty skips them);
 *   - the scorecards again with a covering index on posture_history (entity_ref, day)
 *     INCLUDE (grade, score), built and dropped (POSTURE_BENCH_SCALE_HISTORY_INDEX=0 skips);
 *   - the KEV/EPSS recount of POSTURE_BENCH_SCALE_REFRESH entities (2,000), checked against
 *     the generated summaries;
 *   - new SBOM and scan uploads of POSTURE_BENCH_SCALE_UPLOADS entities (20);
 *   - a vacuum pass with index cleanup on the largest tables;
 *   - at the sizes in POSTURE_BENCH_SCALE_PARTITION_SIZES (default: the largest), a hash-
 *     partitioned copy of components (POSTURE_BENCH_SCALE_PARTITIONS partitions, 16) against
 *     the plain table.
 * Prints tables per size and side by side, writes bench-results/scale-<size>.json
 * (POSTURE_BENCH_SCALE_OUT), and drops each database unless POSTURE_BENCH_SCALE_KEEP=1.
 * POSTURE_BENCH_SCALE_ONLY_GENERATE=1 only generates (and keeps) the databases;
 * POSTURE_BENCH_SCALE_REPORT=a.json,b.json prints the tables of earlier runs again.
 * POSTURE_BENCH_SCALE_REUSE=1 measures kept ones again (new migrations are applied first, as
 * an upgrade would), so two sizes can be measured back to back under similar load.
 * PostgreSQL at POSTURE_BENCH_PG (default postgresql://postgres@127.0.0.1:5432).
 */
import knexFactory, { type Knex } from 'knex';
import { DateTime } from 'luxon';
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseFleetStore } from '../src/database/DatabaseFleetStore';
import { DatabasePostureStore } from '../src/database/DatabasePostureStore';
import { PG_URL } from './benchEngines';
import { impactQueryKinds, timeImpactQueries } from './fleetImpactQueries';
import { benchPackage } from './impactFleet';
import { CpuMeter } from './scaleCpu';
import { generateScaleFleet, type GeneratedFleet } from './scaleFleet';
import { catalogEntities } from './scorecardsFleet';
import { measureHistoryIndex } from './scaleHistoryIndex';
import { measureIngest } from './scaleIngest';
import { measurePartitioning } from './scalePartition';
import { measureReads } from './scaleReads';
import { fleetRegrade, measureRefresh, measureRegrade } from './scaleRegrade';
import { printComparison, printResult } from './scaleReport';
import { impactReads, type ScaleResult } from './scaleResult';
import { measureScorecards } from './scaleScorecards';
import { measureSizes, measureVacuum } from './scaleSizes';
import { spreadSample, timed } from './scaleStats';

const env = (name: string, fallback: string) =>
  process.env[`POSTURE_BENCH_${name}`] ?? fallback;
const sizes = env('SCALE_SIZES', '10000,50000')
  .split(',')
  .map(s => Number(s.trim()))
  .filter(s => s > 0);
const PER_ENTITY = Number(env('SCALE_COMPONENTS_PER_ENTITY', '500'));
const PACKAGES = Number(env('PACKAGES', '4000'));
const DAYS = Number(env('SCALE_DAYS', '400'));
const READS = Number(env('SCALE_READS', '50'));
const UPLOADS = Number(env('SCALE_UPLOADS', '20'));
const REFRESH = Number(env('SCALE_REFRESH', '2000'));
const CALLS = Number(env('SCALE_CALLS', '10'));
/** Session settings to measure the fleet-wide reads again with, `;` between variants. */
const TUNED = env('SCALE_TUNED', 'jit=off;jit=off,work_mem=64MB')
  .split(';')
  .map(v => v.trim())
  .filter(Boolean);
const PARTITIONS = Number(env('SCALE_PARTITIONS', '16'));
/** Measure the scorecards again with a covering index on posture_history ("0" skips it). */
const HISTORY_INDEX = env('SCALE_HISTORY_INDEX', '1') !== '0';
const PARTITION_SIZES = env('SCALE_PARTITION_SIZES', String(Math.max(...sizes)))
  .split(',')
  .map(Number);
/** The fleet size the side-by-side table projects to. */
const PROJECT = Number(env('SCALE_PROJECT', '100000'));
const OUT = path.resolve(env('SCALE_OUT', 'bench-results'));
/** Generate (and keep) the databases, measure nothing: for POSTURE_BENCH_SCALE_REUSE later. */
const ONLY_GENERATE = Boolean(process.env.POSTURE_BENCH_SCALE_ONLY_GENERATE);
const KEEP = Boolean(process.env.POSTURE_BENCH_SCALE_KEEP) || ONLY_GENERATE;
/** Measure an existing posture_bench_scale_<n> again instead of generating it anew. */
const REUSE = Boolean(process.env.POSTURE_BENCH_SCALE_REUSE);
/**
 * `tree` (default): the plugin's migrations directory as the backend would run it; `committed`:
 * the migrations of HEAD only, so a migration another engineer has not committed yet is not
 * run (a later run with `tree` then applies it as an upgrade would).
 */
const MIGRATIONS = env('SCALE_MIGRATIONS', 'tree');
/**
 * With `committed`: migrations (file names, comma-separated) to leave out, so a fleet is
 * generated on the schema before them and a later run measures their upgrade.
 */
const MIGRATIONS_SKIP = env('SCALE_MIGRATIONS_SKIP', '')
  .split(',')
  .map(name => name.trim())
  .filter(Boolean);
/** posture_meta key of what generated the database (steps, packages, time). */
const FLEET_KEY = 'bench:scale:fleet';

const SETTINGS = [
  'shared_buffers',
  'work_mem',
  'maintenance_work_mem',
  'effective_cache_size',
  'random_page_cost',
  'jit',
  'max_parallel_workers_per_gather',
  'autovacuum_vacuum_scale_factor',
  'max_wal_size',
];

const load1 = () => Number(os.loadavg()[0].toFixed(2));

async function admin<T>(work: (knex: Knex) => Promise<T>): Promise<T> {
  const knex = knexFactory({ client: 'pg', connection: PG_URL });
  try {
    return await work(knex);
  } finally {
    await knex.destroy();
  }
}

/** The `SET` statements of "jit=off,work_mem=64MB", checked. */
function setStatements(settings: string): string {
  return settings
    .split(',')
    .filter(Boolean)
    .map(pair => {
      const [name, value] = pair.split('=').map(x => x.trim());
      if (!/^[a-z_]+$/.test(name) || !/^[A-Za-z0-9.]+$/.test(value)) {
        throw new Error(`POSTURE_BENCH_SCALE_TUNED: cannot set "${pair}"`);
      }
      return `SET ${name} = '${value}'`;
    })
    .join('; ');
}

/** A client whose connections report their CPU to `cpu`, after running `statements`. */
function meteredKnex(connection: string, cpu: CpuMeter, statements?: string) {
  return knexFactory({
    client: 'pg',
    connection,
    pool: {
      afterCreate: cpu.afterCreate(
        statements
          ? (conn, done) => conn.query(statements, error => done(error))
          : undefined,
      ),
    },
  });
}

/**
 * A partitioning comparison stopped half-way (the process killed) leaves the plain table
 * renamed: put it back.
 */
async function restorePlainComponents(knex: Knex) {
  const { rows } = await knex.raw(
    `SELECT to_regclass('components_plain') AS t`,
  );
  if (rows[0].t) {
    await knex.transaction(async trx => {
      await trx.raw('DROP TABLE components');
      await trx.raw('ALTER TABLE components_plain RENAME TO components');
    });
  }
  await knex.raw('DROP TABLE IF EXISTS components_hash');
}

/** Files of the measured code that differ from HEAD while the benchmark runs (shared tree). */
function uncommittedCode(): string[] {
  try {
    return execFileSync(
      'git',
      [
        'status',
        '--porcelain',
        '--',
        'plugins/security-backend/src',
        'plugins/security-backend/migrations',
        'plugins/security-backend-module-trivy/src',
        'plugins/security-common/src',
      ],
      { encoding: 'utf8', cwd: path.resolve(__dirname, '../../..') },
    )
      .split('\n')
      .filter(line => line.trim() !== '' && !line.includes('.test.'));
  } catch {
    return ['unknown'];
  }
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    return 'unknown';
  }
}

/** Runs HEAD's migrations from a copy of them (POSTURE_BENCH_SCALE_MIGRATIONS=committed). */
async function migrateCommitted(knex: Knex) {
  const root = path.resolve(__dirname, '../../..');
  const directory = mkdtempSync(path.join(os.tmpdir(), 'posture-migrations-'));
  try {
    const archive = execFileSync(
      'git',
      ['archive', 'HEAD', 'plugins/security-backend/migrations'],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
    );
    execFileSync('tar', ['-x', '-C', directory], { input: archive });
    for (const name of MIGRATIONS_SKIP) {
      rmSync(path.join(directory, 'plugins/security-backend/migrations', name));
    }
    await knex.migrate.latest({
      directory: path.join(directory, 'plugins/security-backend/migrations'),
    });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The migrations the database ran, and whether each file is committed at HEAD. */
async function appliedMigrations(knex: Knex) {
  const names: string[] = (
    await knex('knex_migrations').orderBy('id').select('name')
  ).map((r: { name: string }) => r.name);
  const committed = new Set(
    execFileSync(
      'git',
      [
        'ls-tree',
        '--name-only',
        'HEAD',
        'plugins/security-backend/migrations/',
      ],
      { encoding: 'utf8', cwd: path.resolve(__dirname, '../../..') },
    )
      .split('\n')
      .map(line => path.basename(line.trim())),
  );
  return names.map(name => ({ name, committed: committed.has(name) }));
}

async function runSize(entities: number): Promise<ScaleResult | undefined> {
  const database = `posture_bench_scale_${entities}`;
  const exists = await admin(
    async k =>
      (
        await k.raw('SELECT 1 FROM pg_database WHERE datname = ?', [database])
      ).rows.length > 0,
  );
  if (!(REUSE && exists)) {
    await admin(async k => {
      await k.raw(`DROP DATABASE IF EXISTS ${database}`);
      await k.raw(`CREATE DATABASE ${database}`);
    });
  }
  const connection = `${PG_URL}/${database}`;
  const cpu = new CpuMeter();
  const knex = meteredKnex(connection, cpu);
  const load: ScaleResult['load'] = {};
  const phase = async <T>(name: string, work: () => Promise<T>) => {
    const start = load1();
    console.log(`${name} (load average ${start})`);
    const result = await work();
    load[name] = [start, load1()];
    return result;
  };
  try {
    const dbService = {
      getClient: async () => knex,
      migrations: { skip: false },
    } as any;
    // On a kept database this is an upgrade: the migrations it lacks run here, timed.
    const before = await knex('knex_migrations')
      .count({ n: '*' })
      .then(r => Number(r[0].n))
      .catch(() => 0);
    const [store, startupMs] = await timed(async () => {
      if (MIGRATIONS === 'committed') await migrateCommitted(knex);
      return DatabasePostureStore.create({
        database: dbService,
        skipMigrations: MIGRATIONS === 'committed',
      });
    });
    const fleetStore = await DatabaseFleetStore.create({ database: dbService });
    const migrations = await appliedMigrations(knex);
    const startup = {
      seconds: startupMs / 1000,
      migrationsRun: migrations.slice(before).map(m => m.name),
    };
    console.log(
      `start-up (DatabasePostureStore.create): ${startup.seconds.toFixed(
        1,
      )} s, migrations run: ${startup.migrationsRun.join(', ') || 'none'}`,
    );
    const { rows: settingRows } = await knex.raw(
      `SELECT name, setting, unit FROM pg_settings WHERE name = ANY (?)`,
      [SETTINGS],
    );
    const { rows: version } = await knex.raw('SHOW server_version');
    const now = new Date();
    const startedAt = now.toISOString();

    await restorePlainComponents(knex);
    const generated = REUSE
      ? await knex('posture_meta').where({ key: FLEET_KEY }).first('value')
      : undefined;
    let fleet: GeneratedFleet;
    let generatedAt = startedAt;
    if (generated) {
      const meta = JSON.parse(generated.value);
      generatedAt = meta.generatedAt;
      fleet = {
        catalog: Array.from({ length: meta.packages }, (_, i) =>
          benchPackage(i + 1),
        ),
        entities: catalogEntities(entities),
        steps: meta.steps,
      };
      console.log(`reusing ${database}, generated ${generatedAt}`);
    } else {
      fleet = await phase('generate', () =>
        generateScaleFleet(knex, fleetStore, {
          entities,
          packages: PACKAGES,
          components: entities * PER_ENTITY,
          historyDays: DAYS,
          now,
        }),
      );
      await knex('posture_meta').insert({
        key: FLEET_KEY,
        value: JSON.stringify({
          generatedAt,
          packages: PACKAGES,
          steps: fleet.steps,
        }),
      });
    }
    if (ONLY_GENERATE) return undefined;
    const [{ components, findings }] = (
      await knex.raw(
        `SELECT (SELECT count(*) FROM components) AS components,
                (SELECT count(*) FROM vulnerabilities) AS findings`,
      )
    ).rows;
    const sizesResult = await phase('sizes', () => measureSizes(knex));
    const regrade = fleetRegrade({ fleetStore, entities: fleet.entities });
    const firstRegrade = await phase('regrade', () =>
      measureRegrade(regrade, 'today', now, cpu),
    );
    // The regrade rewrote every entity's summary, checks and facts. Autovacuum processes such a
    // rewrite within minutes on a server at rest; on this machine, busy with the generation's
    // tables, it had not by the time of the reads (50,000 entities: twice as many dead rows as
    // live ones, row estimates 100 times low, the largest scorecard query 1.45 times slower),
    // so the reads are measured as they run for the rest of the day: vacuumed and analysed.
    const settle = await phase('settle', () =>
      measureVacuum(
        knex,
        ['entity_posture', 'posture_checks', 'posture_entities'],
        { analyze: true },
      ),
    );
    const reads = await phase('reads', () =>
      measureReads({
        store,
        entities: fleet.entities,
        sample: spreadSample(READS, entities, 0.5),
        cpu,
      }),
    );
    const scorecards = await phase('scorecards', () =>
      measureScorecards({ knex, now, calls: CALLS, cpu }),
    );
    const kinds = impactQueryKinds(fleet.catalog, entities);
    const impact = await phase('impact', async () =>
      impactReads(
        await timeImpactQueries(
          knex,
          kinds,
          t =>
            console.log(
              `  impact ${t.kind}, ${t.caller}: median ${t.times[
                Math.ceil(t.times.length / 2) - 1
              ].toFixed(1)} ms`,
            ),
          cpu,
        ),
      ),
    );
    const tuned: ScaleResult['tuned'] = [];
    for (const settings of TUNED) {
      const tunedCpu = new CpuMeter();
      const tunedKnex = meteredKnex(
        connection,
        tunedCpu,
        setStatements(settings),
      );
      try {
        tuned.push(
          await phase(`tuned (${settings})`, async () => ({
            settings,
            scorecards: await measureScorecards({
              knex: tunedKnex,
              now,
              calls: CALLS,
              cpu: tunedCpu,
            }),
            impact: impactReads(
              await timeImpactQueries(tunedKnex, kinds, undefined, tunedCpu),
            ),
          })),
        );
      } finally {
        await tunedKnex.destroy();
      }
    }
    const historyIndex = HISTORY_INDEX
      ? await phase('history index', () =>
          measureHistoryIndex({ knex, now, calls: CALLS, cpu }),
        )
      : undefined;
    const refresh = await phase('refresh', () =>
      measureRefresh({
        knex,
        store,
        sample: spreadSample(REFRESH, entities, 0.75),
        now,
        cpu,
      }),
    );
    const ingest = await phase('ingest', () =>
      measureIngest({
        knex,
        store,
        entities: fleet.entities,
        sample: spreadSample(UPLOADS, entities, 0.25),
        cpu,
      }),
    );
    const nextRegrade = await phase('next-day regrade', () =>
      measureRegrade(
        regrade,
        'the next day',
        DateTime.fromJSDate(now).plus({ days: 1 }).toJSDate(),
        cpu,
      ),
    );
    const vacuum = await phase('vacuum', () =>
      measureVacuum(knex, ['components', 'vulnerabilities', 'finding_ids']),
    );
    const partitioning = PARTITION_SIZES.includes(entities)
      ? await phase('partitioning', () =>
          measurePartitioning({
            knex,
            store,
            catalog: fleet.catalog,
            entities: fleet.entities,
            fleetSize: entities,
            partitions: PARTITIONS,
            readSamples: [0.1, 0.3, 0.6, 0.9].map(o =>
              spreadSample(READS, entities, o),
            ),
            ingestSamples: [0.05, 0.45, 0.65, 0.85].map(o =>
              spreadSample(5, entities, o),
            ),
          }),
        )
      : undefined;

    return {
      entities,
      components: Number(components),
      findings: Number(findings),
      machine: {
        cores: os.cpus().length,
        cpu: os.cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 1024 ** 3),
        node: process.version,
        postgres: `PostgreSQL ${version[0].server_version}`,
        settings: Object.fromEntries(
          settingRows.map((s: Record<string, string>) => [
            s.name,
            `${s.setting}${s.unit ? ` ${s.unit}` : ''}`,
          ]),
        ),
      },
      commit: gitCommit(),
      uncommitted: uncommittedCode(),
      migration: migrations[migrations.length - 1].name,
      migrations,
      startedAt,
      generatedAt,
      reused: Boolean(generated),
      startup,
      load,
      generation: fleet.steps,
      sizes: sizesResult,
      regrade: [firstRegrade, nextRegrade],
      reads,
      scorecards,
      impact,
      tuned,
      historyIndex,
      refresh,
      ingest,
      vacuum,
      settle,
      partitioning,
    };
  } finally {
    await knex.destroy();
    if (!KEEP) {
      await admin(k => k.raw(`DROP DATABASE IF EXISTS ${database}`));
    }
  }
}

/** The JSON file leaves out the raw timing lists the summaries came from. */
const withoutRawTimes = (key: string, value: unknown) =>
  key.endsWith('Times') ? undefined : value;

async function main() {
  const report = process.env.POSTURE_BENCH_SCALE_REPORT;
  if (report) {
    // Print the tables of earlier runs again from their JSON files; nothing is measured.
    const earlier: ScaleResult[] = report
      .split(',')
      .map(file => JSON.parse(readFileSync(file.trim(), 'utf8')));
    earlier.forEach(printResult);
    printComparison(earlier, PROJECT);
    return;
  }
  mkdirSync(OUT, { recursive: true });
  const results: ScaleResult[] = [];
  for (const size of sizes) {
    const started = Date.now();
    const result = await runSize(size);
    if (!result) {
      console.log(
        `\n${size} entities generated in ${(
          (Date.now() - started) /
          60000
        ).toFixed(1)} minutes`,
      );
      continue;
    }
    results.push(result);
    const file = path.join(OUT, `scale-${size}.json`);
    writeFileSync(file, `${JSON.stringify(result, withoutRawTimes, 2)}\n`);
    printResult(result);
    console.log(
      `\n${size} entities took ${((Date.now() - started) / 60000).toFixed(
        1,
      )} minutes; ${file}`,
    );
  }
  printComparison(results, PROJECT);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
