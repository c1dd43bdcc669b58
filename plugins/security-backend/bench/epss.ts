/*
 * yarn bench:epss — FIRST's daily EPSS file (300,000 rows by default, POSTURE_BENCH_EPSS_ROWS)
 * through the real path: the file made by the EPSS module's generator in the real gzipped
 * format, read and checked line by line by the module's readEpssStream, then loaded by
 * DatabaseExploitStore.loadEpss. Each run, on a fresh database:
 *   - parse: read + gunzip + check every line of the file (day 1),
 *   - first load: day 1 into the empty table,
 *   - daily load: day 2 (another score date, other scores) replacing day 1's rows, the case
 *     the scheduled task meets every day; "total" is parse + daily load,
 *   - reload: day 2 again (the same score date), which must change nothing,
 *   - on PostgreSQL, the daily load with TRUNCATE instead of DELETE, for the comparison that
 *     chose DELETE (see epssRows.ts).
 * Medians of POSTURE_BENCH_RUNS runs (5). PostgreSQL at POSTURE_BENCH_PG (default
 * postgresql://postgres@127.0.0.1:5432), in a database posture_bench_epss it creates and drops;
 * SQLite in memory beside it.
 */
import { readEpssStream } from '@posture/backstage-plugin-security-backend-module-epss';
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabasePostureStore } from '../src/database/DatabasePostureStore';
import { replaceEpssScores } from '../src/database/epssRows';
import { benchEngines, type Engine } from './benchEngines';

const ROWS = Number(process.env.POSTURE_BENCH_EPSS_ROWS ?? 300_000);
const RUNS = Number(process.env.POSTURE_BENCH_RUNS ?? 5);
const GENERATOR = require.resolve(
  '@posture/backstage-plugin-security-backend-module-epss/scripts/make-epss-file.js',
);

/** Writes a generated EPSS file of one score date; answers its path. */
function makeFile(directory: string, scoreDate: string, seed: number) {
  const out = path.join(directory, `epss_scores-${scoreDate}.csv.gz`);
  execFileSync(process.execPath, [
    GENERATOR,
    '--out',
    out,
    '--rows',
    String(ROWS),
    '--seed',
    String(seed),
    '--score-date',
    scoreDate,
  ]);
  return out;
}

const elapsedMs = (start: bigint) =>
  Number(process.hrtime.bigint() - start) / 1e6;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return [result, elapsedMs(start)];
}

async function benchOne(engine: Engine, files: { day1: string; day2: string }) {
  const knex = await engine.open();
  try {
    const store = await DatabasePostureStore.create({
      database: {
        getClient: async () => knex,
        migrations: { skip: false },
      } as any,
    });
    const [day1, parseMs] = await timed(() =>
      readEpssStream(createReadStream(files.day1)),
    );
    const day2 = await readEpssStream(createReadStream(files.day2));
    const load = (read: typeof day1, at: string) =>
      store.exploits.loadEpss({
        snapshot: read.data,
        sha256: read.sha256,
        location: files.day1,
        now: new Date(at),
      });
    const [first, firstLoadMs] = await timed(() =>
      load(day1, '2026-12-05T06:00:00Z'),
    );
    const [daily, dailyLoadMs] = await timed(() =>
      load(day2, '2026-12-06T06:00:00Z'),
    );
    const [again, reloadMs] = await timed(() =>
      load(day2, '2026-12-07T06:00:00Z'),
    );
    const outcomes = [first, daily, again].map(r => `${r.changed}/${r.rows}`);
    const expected = [`true/${ROWS}`, `true/${ROWS}`, `false/${ROWS}`];
    if (outcomes.join() !== expected.join()) {
      throw new Error(`unexpected loads: ${outcomes.join(', ')}`);
    }
    let truncateMs: number | undefined;
    if (knex.client.config.client === 'pg') {
      // The alternative: TRUNCATE (replaceEpssScores' DELETE then finds the table empty).
      [, truncateMs] = await timed(() =>
        knex.transaction(async trx => {
          await trx.raw('TRUNCATE epss_scores');
          await replaceEpssScores(trx, day1.data);
        }),
      );
    }
    return {
      parseMs,
      firstLoadMs,
      dailyLoadMs,
      totalMs: parseMs + dailyLoadMs,
      reloadMs,
      truncateMs,
    };
  } finally {
    await engine.close(knex);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const ms = (value: number | undefined) =>
  value === undefined ? '—' : `${value.toFixed(value < 10 ? 1 : 0)} ms`;

async function main() {
  const directory = mkdtempSync(path.join(tmpdir(), 'posture-bench-epss-'));
  try {
    const files = {
      day1: makeFile(directory, '2026-12-05', 1),
      day2: makeFile(directory, '2026-12-06', 2),
    };
    const engines = await benchEngines('posture_bench_epss');
    console.log(
      `Node ${process.version}, ${ROWS.toLocaleString('en-US')} rows (${(
        statSync(files.day1).size /
        1024 /
        1024
      ).toFixed(1)} MB gzipped), ${RUNS} runs, medians shown\n`,
    );
    console.log(
      '| engine | parse | first load | daily load | total (parse + daily load) | reload, same score date | daily load with TRUNCATE |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const engine of engines) {
      const runs = [];
      for (let run = 0; run < RUNS; run++) {
        runs.push(await benchOne(engine, files));
      }
      const truncates = runs.flatMap(r =>
        r.truncateMs === undefined ? [] : [r.truncateMs],
      );
      console.log(
        `| ${engine.name} | ${ms(median(runs.map(r => r.parseMs)))} | ${ms(
          median(runs.map(r => r.firstLoadMs)),
        )} | ${ms(median(runs.map(r => r.dailyLoadMs)))} | ${ms(
          median(runs.map(r => r.totalMs)),
        )} | ${ms(median(runs.map(r => r.reloadMs)))} | ${ms(
          truncates.length ? median(truncates) : undefined,
        )} |`,
      );
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
