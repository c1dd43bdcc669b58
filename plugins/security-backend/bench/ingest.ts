/*
 * yarn bench:ingest — ingests generated Trivy reports of 1k, 10k and 50k findings through the
 * real parse and store path into SQLite and PostgreSQL, and prints time, rows per second and
 * peak memory. PostgreSQL is used when one answers at POSTURE_BENCH_PG (default
 * postgresql://postgres@127.0.0.1:5432); the benchmark creates and drops its own database.
 */
import { trivyReportFormat } from '@posture/backstage-plugin-security-backend-module-trivy';
import { DatabasePostureStore } from '../src/database/DatabasePostureStore';
import {
  VULNERABILITY_COLUMN_TYPES,
  vulnerabilityRows,
} from '../src/database/replaceReport';
import { bulkInsert } from '../src/database/bulkInsert';
import { benchEngines, type Engine, trackPeakRss } from './benchEngines';
import { generateTrivyReport } from './generateTrivyReport';

const SIZES = (process.env.POSTURE_BENCH_SIZES ?? '1000,10000,50000')
  .split(',')
  .map(Number);
const RUNS = Number(process.env.POSTURE_BENCH_RUNS ?? 3);

async function benchOne(engine: Engine, findings: number, run: number) {
  const knex = await engine.open();
  try {
    const store = await DatabasePostureStore.create({
      database: {
        getClient: async () => knex,
        migrations: { skip: false },
      } as any,
    });
    const body = Buffer.from(generateTrivyReport(findings));
    // A previous report in the slot, so the measured write also deletes what it replaces.
    const previous = trivyReportFormat.parse(
      JSON.parse(generateTrivyReport(findings)),
    );
    await store.reports.replaceReport({
      write: {
        entityRef: 'component:default/bench',
        artifact: 'ghcr.io/acme/bench',
        report: { ...previous, generatedAt: '2026-01-01T00:00:00Z' },
        sha256: `previous-${run}`,
        document: '{}',
        uploadedBy: null,
      },
    });
    global.gc?.();
    const memory = trackPeakRss();
    const start = process.hrtime.bigint();
    const report = trivyReportFormat.parse(JSON.parse(body.toString('utf8')));
    const parsed = process.hrtime.bigint();
    const result = await store.reports.replaceReport({
      write: {
        entityRef: 'component:default/bench',
        artifact: 'ghcr.io/acme/bench',
        report,
        sha256: `run-${run}`,
        document: body.toString('utf8'),
        uploadedBy: null,
      },
    });
    const end = process.hrtime.bigint();
    const peakRss = memory.stop();
    if (result.outcome !== 'stored' || result.report.findings !== findings) {
      throw new Error(
        `expected ${findings} stored findings, got ${JSON.stringify(result)}`,
      );
    }
    const parseMs = Number(parsed - start) / 1e6;
    const storeMs = Number(end - parsed) / 1e6;
    return {
      parseMs,
      storeMs,
      totalMs: parseMs + storeMs,
      peakRssMb: peakRss / 1024 / 1024,
      bytes: body.length,
    };
  } finally {
    await engine.close(knex);
  }
}

/** The multi-row write of findings alone, as replaceReport does it inside its transaction. */
async function benchBulkWrite(engine: Engine, findings: number) {
  const knex = await engine.open();
  try {
    await DatabasePostureStore.create({
      database: {
        getClient: async () => knex,
        migrations: { skip: false },
      } as any,
    });
    await knex('reports').insert({
      id: 'bench',
      entity_ref: 'component:default/bench',
      artifact: 'a',
      format: 'trivy',
      sha256: 's',
      is_scan: true,
      ingested_at: new Date().toISOString(),
      finding_count: findings,
      component_count: 0,
    });
    const report = trivyReportFormat.parse(
      JSON.parse(generateTrivyReport(findings)),
    );
    const rows = vulnerabilityRows(
      'bench',
      'component:default/bench',
      report.vulnerabilities,
    );
    const start = process.hrtime.bigint();
    await knex.transaction(trx =>
      bulkInsert(trx, 'vulnerabilities', rows, VULNERABILITY_COLUMN_TYPES),
    );
    return Number(process.hrtime.bigint() - start) / 1e6;
  } finally {
    await engine.close(knex);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const engines = await benchEngines('posture_bench');
  console.log(
    `Node ${process.version}, ${RUNS} runs per size, medians shown\n`,
  );
  console.log(
    '| engine | findings | report size | parse | store | total | store rows/s | peak RSS |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const engine of engines) {
    for (const findings of SIZES) {
      const runs = [];
      for (let run = 0; run < RUNS; run++) {
        runs.push(await benchOne(engine, findings, run));
      }
      const storeMs = median(runs.map(r => r.storeMs));
      console.log(
        `| ${engine.name} | ${findings.toLocaleString('en-US')} | ${(
          runs[0].bytes /
          1024 /
          1024
        ).toFixed(1)} MB | ${median(runs.map(r => r.parseMs)).toFixed(
          0,
        )} ms | ${storeMs.toFixed(0)} ms | ${median(
          runs.map(r => r.totalMs),
        ).toFixed(0)} ms | ${Math.round(
          findings / (storeMs / 1000),
        ).toLocaleString('en-US')} | ${Math.max(
          ...runs.map(r => r.peakRssMb),
        ).toFixed(0)} MB |`,
      );
    }
  }
  console.log(
    '\nBulk writes of findings (the multi-row INSERT alone, in one transaction)\n',
  );
  console.log('| engine | rows | time | rows/s |');
  console.log('|---|---:|---:|---:|');
  for (const engine of engines) {
    for (const findings of SIZES) {
      const times = [];
      for (let run = 0; run < RUNS; run++) {
        times.push(await benchBulkWrite(engine, findings));
      }
      const ms = median(times);
      console.log(
        `| ${engine.name} | ${findings.toLocaleString('en-US')} | ${ms.toFixed(
          0,
        )} ms | ${Math.round(findings / (ms / 1000)).toLocaleString(
          'en-US',
        )} |`,
      );
    }
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
