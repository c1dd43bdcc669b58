/*
 * Ingest speed before and after the impact columns (part of `yarn bench:impact`): the same
 * 100,000 components (and 100,000 findings) inserted the way replaceReport does it
 * (insertInTurns: rows built and inserted 10,000 at a time, PostgreSQL `unnest`), into
 *   - "before": a database migrated only up to 20270110120000_exploitability, the schema of
 *     the previous release, with that release's row code (copied below: no purl parsing, no
 *     new columns, no finding_ids);
 *   - "after": a database at the latest migration (the new columns and their indexes), with
 *     this release's row code (normalizePurl per row; findings also get their finding_ids);
 *   - "after, lean": the same without the text_pattern_ops prefix indexes
 *     (components_name_prefix_idx, vulnerabilities_package_prefix_idx), which no impact query
 *     uses (it compares names for equality): what dropping them would buy.
 * Runs alternate between the two so that a busy machine slows both alike; medians of RUNS.
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
import type { PostgresColumnTypes } from '../src/database/bulkInsert';
import {
  backfillPurlColumns,
  IMPACT_COLUMNS_BACKFILLED,
} from '../src/database/backfillPurlColumns';
import { DatabasePostureStore } from '../src/database/DatabasePostureStore';
import { insertFindingIds } from '../src/database/findingIdRows';
import { insertInTurns } from '../src/database/insertInTurns';
import {
  COMPONENT_COLUMN_TYPES,
  componentRow,
  VULNERABILITY_COLUMN_TYPES,
  vulnerabilityRow,
} from '../src/database/replaceReport';
import { normaliseTimestamp } from '../src/database/rows';
import { PG_URL } from './benchEngines';
import { benchPackage, cvesOf } from './impactFleet';

const ROWS = Number(process.env.POSTURE_BENCH_INGEST_ROWS ?? 100_000);
const RUNS = Number(process.env.POSTURE_BENCH_INGEST_RUNS ?? 5);
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

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Indexes of the latest migration that "after, lean" goes without. */
export const LEAN_DROPS = [
  'components_name_prefix_idx',
  'vulnerabilities_package_prefix_idx',
];
const SIDES = ['before', 'after', 'lean'] as const;
type Side = (typeof SIDES)[number];
const LABELS: Record<Side, string> = {
  before: 'before',
  after: 'after',
  lean: 'after, lean',
};

export interface IngestFigures {
  rows: number;
  runs: number;
  components: Record<Side, number[]>;
  findings: Record<Side, number[]>;
  backfill: Awaited<ReturnType<typeof measureBackfill>>;
}

/**
 * The start-up backfill over the "after" database's rows once their impact columns and
 * finding ids are wiped, as an upgraded installation's rows would be.
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
  await db('posture_meta').where({ key: IMPACT_COLUMNS_BACKFILLED }).delete();
  await db.raw('VACUUM ANALYZE');
  const start = process.hrtime.bigint();
  const result = await backfillPurlColumns(db);
  return { ...result, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

export async function compareIngest(packages: number): Promise<IngestFigures> {
  const before = await freshDatabase('posture_bench_ingest_before');
  const after = await freshDatabase('posture_bench_ingest_after');
  const lean = await freshDatabase('posture_bench_ingest_lean');
  try {
    await migrateThrough(before, BEFORE_SCHEMA);
    for (const db of [after, lean]) {
      await DatabasePostureStore.create({
        database: { getClient: async () => db, migrations: { skip: false } },
      } as any);
    }
    for (const index of LEAN_DROPS) {
      await lean.raw('DROP INDEX ??', [index]);
    }
    const items = components(ROWS, packages);
    const vulnerabilities = findings(ROWS, packages);
    const figures: IngestFigures = {
      rows: ROWS,
      runs: RUNS,
      components: { before: [], after: [], lean: [] },
      findings: { before: [], after: [], lean: [] },
      backfill: { components: 0, findings: 0, findingIds: 0, ms: 0 },
    };
    const previous = {
      components: (trx: Knex.Transaction, id: string) =>
        insertInTurns(
          trx,
          'components',
          items,
          oldComponentRow(id),
          OLD_COMPONENT_TYPES,
        ),
      findings: (trx: Knex.Transaction, id: string) =>
        insertInTurns(
          trx,
          'vulnerabilities',
          vulnerabilities,
          oldVulnerabilityRow(id),
          OLD_VULNERABILITY_TYPES,
        ),
    };
    const current = {
      components: (trx: Knex.Transaction, id: string) =>
        insertInTurns(
          trx,
          'components',
          items,
          componentRow(id, ENTITY),
          COMPONENT_COLUMN_TYPES,
        ),
      findings: async (trx: Knex.Transaction, id: string) => {
        await insertInTurns(
          trx,
          'vulnerabilities',
          vulnerabilities,
          vulnerabilityRow(id, ENTITY),
          VULNERABILITY_COLUMN_TYPES,
        );
        await insertFindingIds(trx, id, ENTITY, vulnerabilities);
      },
    };
    const sides: Record<Side, { db: Knex; code: typeof current }> = {
      before: { db: before, code: previous },
      after: { db: after, code: current },
      lean: { db: lean, code: current },
    };
    for (let run = 0; run < RUNS; run++) {
      // A different side goes first each run, so none always meets a busier machine.
      const order = SIDES.map((_, i) => SIDES[(i + run) % SIDES.length]);
      for (const side of order) {
        const { db, code } = sides[side];
        const sbom = await newReport(db, 'cyclonedx');
        figures.components[side].push(
          await timed(() => db.transaction(trx => code.components(trx, sbom))),
        );
        const scan = await newReport(db, 'trivy');
        figures.findings[side].push(
          await timed(() => db.transaction(trx => code.findings(trx, scan))),
        );
      }
      process.stdout.write(`  ingest run ${run + 1}/${RUNS} done\n`);
    }
    figures.backfill = await measureBackfill(after);
    return figures;
  } finally {
    await dropDatabase(before, 'posture_bench_ingest_before');
    await dropDatabase(after, 'posture_bench_ingest_after');
    await dropDatabase(lean, 'posture_bench_ingest_lean');
  }
}

export function printIngest(figures: IngestFigures): void {
  const rate = (ms: number) =>
    Math.round(figures.rows / (ms / 1000)).toLocaleString('en-US');
  console.log(
    `\nIngest: ${figures.rows.toLocaleString(
      'en-US',
    )} rows per insert, in one transaction, median of ${
      figures.runs
    } (the sides take turns going first)`,
  );
  console.log(
    '"before": database migrated to 20270110120000, the previous release\'s row code;',
  );
  console.log(
    '"after": latest migration (impact columns and indexes), normalizePurl per row, findings with finding_ids;',
  );
  console.log(`"after, lean": "after" without ${LEAN_DROPS.join(' and ')}\n`);
  console.log(
    `| rows | ${SIDES.map(s => `${LABELS[s]} | rows/s`).join(
      ' | ',
    )} | after / before | lean / before |`,
  );
  console.log(`|---|${SIDES.map(() => '---:|---:').join('|')}|---:|---:|`);
  for (const kind of ['components', 'findings'] as const) {
    const medians = Object.fromEntries(
      SIDES.map(s => [s, median(figures[kind][s])]),
    ) as Record<Side, number>;
    console.log(
      `| ${kind} | ${SIDES.map(
        s => `${medians[s].toFixed(0)} ms | ${rate(medians[s])}`,
      ).join(' | ')} | ${(medians.before / medians.after).toFixed(2)} | ${(
        medians.before / medians.lean
      ).toFixed(2)} |`,
    );
  }
  console.log(
    '("x / before": rows per second relative to before; 1.00 is as fast)',
  );
  const { backfill } = figures;
  console.log(
    `\nStart-up backfill (backfillPurlColumns, batches of 5,000) of the "after" database's rows with their columns and ids wiped: ${backfill.components.toLocaleString(
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
    `\nall runs (ms): ${JSON.stringify(
      Object.fromEntries(
        (['components', 'findings'] as const).map(k => [
          k,
          Object.fromEntries(
            SIDES.map(s => [s, figures[k][s].map(v => Math.round(v))]),
          ),
        ]),
      ),
    )}`,
  );
}
