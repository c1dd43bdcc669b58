/*
 * Ingest speed before and after the impact columns (part of `yarn bench:impact`): the same
 * 100,000 components (and 100,000 findings) inserted, in one transaction each, into
 *   - "before": a database migrated only up to 20270110120000_exploitability, the schema of
 *     the previous release, with that release's row code (copied below: no purl parsing, no
 *     new columns, no finding_ids) and its write path (insertInTurns: rows built and inserted
 *     10,000 at a time, PostgreSQL `unnest`);
 *   - "after": a database at the latest migration (the impact columns, the consolidated
 *     indexes and report triggers of 20270201120000), through replaceReport's own write path
 *     (reportRows: insertComponents, insertFindings; COPY, finding row ids reserved).
 * The sides take turns going first, so that a busy machine slows both alike; medians of RUNS.
 * The client's and the PostgreSQL backend's CPU time are read too (process.cpuUsage and
 * /proc/<backend pid>/stat, when this runs on the database's machine): they move less with
 * the machine's load than the wall time does.
 */
import { cveIdOf, SEVERITIES } from '@posture/backstage-plugin-security-common';
import type {
  ParsedComponent,
  ParsedVulnerability,
} from '@posture/backstage-plugin-security-node';
import knexFactory, { type Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import type { PostgresColumnTypes } from '../src/database/bulkInsert';
import {
  BACKFILL_CURSORS,
  backfillPurlColumns,
  IMPACT_COLUMNS_BACKFILLED,
} from '../src/database/backfillPurlColumns';
import { DatabasePostureStore } from '../src/database/DatabasePostureStore';
import { insertInTurns } from '../src/database/insertInTurns';
import {
  insertComponents,
  insertFindings,
  VULNERABILITY_COLUMN_TYPES,
} from '../src/database/reportRows';
import { normaliseTimestamp } from '../src/database/rows';
import { PG_URL } from './benchEngines';
import { benchPackage, cvesOf } from './impactFleet';

const ROWS = Number(process.env.POSTURE_BENCH_INGEST_ROWS ?? 100_000);
const RUNS = Number(process.env.POSTURE_BENCH_INGEST_RUNS ?? 7);
const BEFORE_SCHEMA = '20270110120000_exploitability.js';
const MIGRATIONS = path.resolve(__dirname, '../migrations');
const ENTITY = 'component:default/bench-ingest';

/** The previous release's component row (20270110120000): no name_lower, no purl columns. */
const oldComponentRow = (reportId: string) => (c: ParsedComponent) => ({
  report_id: reportId,
  entity_ref: ENTITY,
  name: c.name,
  version: c.version,
  purl: c.purl,
  type: c.type,
  licenses: JSON.stringify(c.licenses),
});
const OLD_COMPONENT_TYPES: PostgresColumnTypes<
  ReturnType<ReturnType<typeof oldComponentRow>>
> = {
  report_id: 'text',
  entity_ref: 'text',
  name: 'text',
  version: 'text',
  purl: 'text',
  type: 'text',
  licenses: 'text',
};

/** The previous release's finding row: cve_id (#14), no package_lower or purl columns. */
const oldVulnerabilityRow = (reportId: string) => (v: ParsedVulnerability) => ({
  report_id: reportId,
  entity_ref: ENTITY,
  vuln_id: v.id,
  severity: v.severity,
  severity_rank: SEVERITIES.indexOf(v.severity),
  package_name: v.packageName,
  installed_version: v.installedVersion,
  fixed_version: v.fixedVersion,
  status: v.status,
  cvss_score: v.cvssScore,
  title: v.title,
  url: v.url,
  published_at: normaliseTimestamp(v.publishedAt),
  target: v.target,
  purl: v.purl,
  cve_id: cveIdOf(v.id, v.aliases),
});
const {
  package_lower: _a,
  purl_type: _b,
  purl_namespace: _c,
  purl_name: _d,
  ...OLD_VULNERABILITY_TYPES
} = VULNERABILITY_COLUMN_TYPES;

/** Components over the bench catalog's packages, every version, purls with qualifiers. */
function components(count: number, packages: number): ParsedComponent[] {
  return Array.from({ length: count }, (_, i) => {
    const pkg = benchPackage(1 + (i % packages));
    const version = pkg.versions[i % pkg.versions.length];
    return {
      name: pkg.name,
      version,
      purl: `${pkg.purlBase}@${version}${pkg.purlTail}`,
      type: 'library',
      licenses: ['MIT'],
    };
  });
}

/** Findings of the catalog's vulnerable packages; GHSA ids with a CVE alias for a quarter. */
function findings(count: number, packages: number): ParsedVulnerability[] {
  const vulnerable = Array.from({ length: packages }, (_, i) => i + 1)
    .filter(p => cvesOf(p).length > 0)
    .map(benchPackage);
  return Array.from({ length: count }, (_, i) => {
    const pkg = vulnerable[i % vulnerable.length];
    const cve = cvesOf(pkg.p)[i % cvesOf(pkg.p).length];
    const version = pkg.versions[i % pkg.versions.length];
    const ghsa = i % 4 === 0;
    return {
      id: ghsa ? `GHSA-${(i % 10000).toString(36)}-abcd-efgh` : cve,
      ...(ghsa && { aliases: [cve] }),
      severity: SEVERITIES[i % SEVERITIES.length],
      packageName: pkg.name,
      installedVersion: version,
      fixedVersion: pkg.versions[pkg.versions.length - 1],
      status: 'fixed',
      cvssScore: 7.5,
      title: `A flaw in ${pkg.name}`,
      url: `https://avd.aquasec.com/nvd/${cve.toLowerCase()}`,
      publishedAt: '2026-01-01T00:00:00Z',
      target: 'app',
      purl: `${pkg.purlBase}@${version}${pkg.purlTail}`,
    };
  });
}

async function freshDatabase(name: string): Promise<Knex> {
  const admin = knexFactory({ client: 'pg', connection: PG_URL });
  try {
    await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
    await admin.raw(`CREATE DATABASE ${name}`);
  } finally {
    await admin.destroy();
  }
  return knexFactory({ client: 'pg', connection: `${PG_URL}/${name}` });
}

async function dropDatabase(knex: Knex, name: string): Promise<void> {
  await knex.destroy();
  const admin = knexFactory({ client: 'pg', connection: PG_URL });
  try {
    await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
  } finally {
    await admin.destroy();
  }
}

async function migrateThrough(knex: Knex, last: string): Promise<void> {
  const names = fs
    .readdirSync(MIGRATIONS)
    .filter(n => n.endsWith('.js'))
    .sort();
  for (const name of names.slice(0, names.indexOf(last) + 1)) {
    await knex.migrate.up({ directory: MIGRATIONS, name });
  }
}

async function newReport(knex: Knex, format: string): Promise<string> {
  const id = randomUUID();
  await knex('reports').insert({
    id,
    entity_ref: ENTITY,
    artifact: `ghcr.io/acme/${id}`,
    format,
    sha256: id.replace(/-/g, '').padEnd(64, '0'),
    is_scan: format === 'trivy',
    ingested_at: new Date().toISOString(),
    finding_count: 0,
    component_count: 0,
    other_findings: '{}',
    license_counts: '{}',
  });
  return id;
}

/** CPU milliseconds a local PostgreSQL backend has used, or null when it cannot be read. */
function backendCpu(pid: number): number | null {
  try {
    const fields = fs
      .readFileSync(`/proc/${pid}/stat`, 'utf8')
      .split(') ')[1]
      .split(' ');
    // utime and stime, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

export interface Measurement {
  /** Wall time of the transaction, ms. */
  ms: number;
  /** CPU time of this process during it, ms. */
  clientCpu: number;
  /** CPU time of the PostgreSQL backend during it, ms (null when unreadable). */
  serverCpu: number | null;
}

/** `work` in a transaction of its own, timed. */
async function measured(
  db: Knex,
  work: (trx: Knex.Transaction) => Promise<unknown>,
): Promise<Measurement> {
  const start = process.hrtime.bigint();
  let clientCpu = 0;
  let serverCpu: number | null = null;
  await db.transaction(async trx => {
    const { rows } = await trx.raw('SELECT pg_backend_pid() AS pid');
    const pid = Number(rows[0].pid);
    const server = backendCpu(pid);
    const client = process.cpuUsage();
    await work(trx);
    const used = process.cpuUsage(client);
    clientCpu = (used.user + used.system) / 1000;
    const serverNow = backendCpu(pid);
    serverCpu =
      server === null || serverNow === null ? null : serverNow - server;
  });
  return {
    ms: Number(process.hrtime.bigint() - start) / 1e6,
    clientCpu,
    serverCpu,
  };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const SIDES = ['before', 'after'] as const;
type Side = (typeof SIDES)[number];
const KINDS = ['components', 'findings'] as const;
type Kind = (typeof KINDS)[number];

export interface IngestFigures {
  rows: number;
  runs: number;
  load: number[];
  measurements: Record<Kind, Record<Side, Measurement[]>>;
  backfill: Awaited<ReturnType<typeof measureBackfill>>;
}

/**
 * The backfill over the "after" database's rows once their impact columns and finding ids are
 * wiped, as an upgraded installation's rows would be (it runs in the background after
 * start-up: scheduleImpactBackfill).
 */
async function measureBackfill(db: Knex) {
  await db('components').update({
    name_lower: null,
    purl_type: null,
    purl_namespace: null,
    purl_name: null,
    purl_version: null,
  });
  await db('vulnerabilities').update({
    package_lower: null,
    purl_type: null,
    purl_namespace: null,
    purl_name: null,
  });
  await db('finding_ids').delete();
  await db('posture_meta')
    .whereIn('key', [
      IMPACT_COLUMNS_BACKFILLED,
      ...Object.values(BACKFILL_CURSORS),
    ])
    .delete();
  await db.raw('VACUUM ANALYZE');
  const start = process.hrtime.bigint();
  const result = await backfillPurlColumns(db);
  return { ...result, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

export async function compareIngest(packages: number): Promise<IngestFigures> {
  const before = await freshDatabase('posture_bench_ingest_before');
  const after = await freshDatabase('posture_bench_ingest_after');
  try {
    await migrateThrough(before, BEFORE_SCHEMA);
    await DatabasePostureStore.create({
      database: { getClient: async () => after, migrations: { skip: false } },
    } as any);
    const items = components(ROWS, packages);
    const vulnerabilities = findings(ROWS, packages);
    const figures: IngestFigures = {
      rows: ROWS,
      runs: RUNS,
      load: [],
      measurements: {
        components: { before: [], after: [] },
        findings: { before: [], after: [] },
      },
      backfill: {
        components: 0,
        findings: 0,
        findingIds: 0,
        done: true,
        ms: 0,
      },
    };
    type Write = (trx: Knex.Transaction, reportId: string) => Promise<unknown>;
    const writes: Record<Side, { db: Knex } & Record<Kind, Write>> = {
      before: {
        db: before,
        components: (trx, id) =>
          insertInTurns(
            trx,
            'components',
            items,
            oldComponentRow(id),
            OLD_COMPONENT_TYPES,
          ),
        findings: (trx, id) =>
          insertInTurns(
            trx,
            'vulnerabilities',
            vulnerabilities,
            oldVulnerabilityRow(id),
            OLD_VULNERABILITY_TYPES,
          ),
      },
      after: {
        db: after,
        components: (trx, id) => insertComponents(trx, id, ENTITY, items),
        findings: (trx, id) => insertFindings(trx, id, ENTITY, vulnerabilities),
      },
    };
    for (let run = 0; run < RUNS; run++) {
      // A different side goes first each run, so none always meets a busier machine.
      const order = run % 2 === 0 ? SIDES : [...SIDES].reverse();
      for (const side of order) {
        const { db } = writes[side];
        for (const kind of KINDS) {
          const reportId = await newReport(
            db,
            kind === 'components' ? 'cyclonedx' : 'trivy',
          );
          figures.measurements[kind][side].push(
            await measured(db, trx => writes[side][kind](trx, reportId)),
          );
        }
      }
      figures.load.push(os.loadavg()[0]);
      process.stdout.write(
        `  ingest run ${run + 1}/${RUNS} done (load average ${os
          .loadavg()[0]
          .toFixed(1)})\n`,
      );
    }
    figures.backfill = await measureBackfill(after);
    return figures;
  } finally {
    await dropDatabase(before, 'posture_bench_ingest_before');
    await dropDatabase(after, 'posture_bench_ingest_after');
  }
}

export function printIngest(figures: IngestFigures): void {
  const perSecond = (ms: number) =>
    Math.round(figures.rows / (ms / 1000)).toLocaleString('en-US');
  const { load } = figures;
  console.log(
    `\nIngest: ${figures.rows.toLocaleString(
      'en-US',
    )} rows per insert, in one transaction, median of ${
      figures.runs
    } (the sides take turns going first; load average ${Math.min(
      ...load,
    ).toFixed(1)} to ${Math.max(...load).toFixed(1)})`,
  );
  console.log(
    '"before": database migrated to 20270110120000, the previous release\'s row code and write path (unnest);',
  );
  console.log(
    '"after": latest migration, replaceReport\'s write path (reportRows: COPY, normalizePurl per row, findings with finding_ids)\n',
  );
  console.log(
    '| rows | before | rows/s | after | rows/s | after / before | CPU ms before (client + server) | CPU ms after (client + server) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const kind of KINDS) {
    const of = (side: Side) => figures.measurements[kind][side];
    const ms = (side: Side) => median(of(side).map(m => m.ms));
    const cpu = (side: Side) => {
      const client = median(of(side).map(m => m.clientCpu));
      const servers = of(side).map(m => m.serverCpu);
      const server = servers.every(v => v !== null)
        ? median(servers as number[])
        : null;
      return server === null
        ? `${client.toFixed(0)} + ?`
        : `${client.toFixed(0)} + ${server.toFixed(0)}`;
    };
    console.log(
      `| ${kind} | ${ms('before').toFixed(0)} ms | ${perSecond(
        ms('before'),
      )} | ${ms('after').toFixed(0)} ms | ${perSecond(ms('after'))} | ${(
        ms('before') / ms('after')
      ).toFixed(2)} | ${cpu('before')} | ${cpu('after')} |`,
    );
  }
  console.log(
    '("after / before": rows per second after relative to before; 1.00 is as fast)',
  );
  const { backfill } = figures;
  console.log(
    `\nBackfill after start-up (backfillPurlColumns, batches of 5,000) of the "after" database's rows with their columns and ids wiped: ${backfill.components.toLocaleString(
      'en-US',
    )} components and ${backfill.findings.toLocaleString(
      'en-US',
    )} findings (${backfill.findingIds.toLocaleString(
      'en-US',
    )} finding ids) in ${(backfill.ms / 1000).toFixed(1)} s, ${Math.round(
      (backfill.components + backfill.findings) / (backfill.ms / 1000),
    ).toLocaleString('en-US')} rows/s`,
  );
  console.log(
    `\nall runs (wall ms): ${JSON.stringify(
      Object.fromEntries(
        KINDS.map(k => [
          k,
          Object.fromEntries(
            SIDES.map(side => [
              side,
              figures.measurements[k][side].map(m => Math.round(m.ms)),
            ]),
          ),
        ]),
      ),
    )}`,
  );
}
