/*
 * The printed tables of `yarn bench:scale`: one set per fleet size, then, with two sizes or
 * more, every figure side by side with its ratio to the smallest size (what grows with the
 * fleet and what stays per entity). Wall times stretch with the machine's load; the CPU
 * columns (see CpuMeter) much less, so growth is best read from both.
 */
import type { ScaleResult } from './scaleResult';
import { ms, type Spread } from './scaleStats';

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GB`;
const cpuOf = (value: number | undefined) =>
  value === undefined ? '' : ms(value);

function table(headers: string[], rows: Array<Array<string | number>>) {
  console.log(`\n| ${headers.join(' | ')} |`);
  console.log(
    `|${headers.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
  );
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

type Unit = 'ms' | 'bytes' | 'rate';

/** Every figure of a result by a stable name: wall medians, CPU per call, sizes, rates. */
export function figures(r: ScaleResult): Array<[string, number, Unit]> {
  const out: Array<[string, number, Unit]> = [];
  const timing = (name: string, s: Spread) => {
    out.push([`${name}, median`, s.median, 'ms']);
    if (s.cpu !== undefined) out.push([`${name}, CPU`, s.cpu, 'ms']);
  };
  timing('ingest: SBOM upload', r.ingest.sbom.ms);
  timing('ingest: scan upload', r.ingest.scan.ms);
  out.push(['ingest: SBOM components/s', r.ingest.sbom.rowsPerSecond, 'rate']);
  timing('read: posture', r.reads.posture);
  timing('read: findings page', r.reads.findings);
  timing('read: SBOM page', r.reads.sbom);
  for (const s of r.scorecards)
    timing(`scorecards ${s.view}, ${s.caller}`, s.ms);
  for (const i of r.impact) timing(`impact ${i.kind}, ${i.caller}`, i.ms);
  for (const t of r.tuned) {
    for (const s of t.scorecards) {
      timing(`scorecards ${s.view}, ${s.caller}, ${t.settings}`, s.ms);
    }
    for (const i of t.impact) {
      timing(`impact ${i.kind}, ${i.caller}, ${t.settings}`, i.ms);
    }
  }
  for (const s of r.historyIndex?.scorecards ?? []) {
    timing(`scorecards ${s.view}, ${s.caller}, history index`, s.ms);
  }
  for (const g of r.regrade) {
    out.push([`regrade ${g.run}`, g.seconds * 1000, 'ms']);
    if (g.cpuSeconds !== undefined) {
      out.push([`regrade ${g.run}, CPU`, g.cpuSeconds * 1000, 'ms']);
    }
  }
  out.push(['KEV/EPSS recount, per entity', r.refresh.msPerEntity, 'ms']);
  if (r.refresh.cpuMsPerEntity !== undefined) {
    out.push([
      'KEV/EPSS recount, CPU per entity',
      r.refresh.cpuMsPerEntity,
      'ms',
    ]);
  }
  for (const v of r.vacuum) {
    out.push([`VACUUM ${v.table}`, v.seconds * 1000, 'ms']);
  }
  out.push(['database size', r.sizes.databaseBytes, 'bytes']);
  out.push([
    'database bytes per entity',
    r.sizes.databaseBytes / r.entities,
    'bytes',
  ]);
  return out;
}

/** A vacuum's line in the fleet-pass table: what, its dead rows and its time. */
function vacuumRow(
  what: string,
  v: { deadRows: number; seconds: number },
): string[] {
  return [
    `${what}, ${n(v.deadRows)} dead rows`,
    `${v.seconds.toFixed(1)} s`,
    '',
    '',
    '',
    '',
    '',
  ];
}

export function printResult(r: ScaleResult): void {
  console.log(
    `\n## ${n(r.entities)} entities, ${n(r.components)} components, ${n(
      r.findings,
    )} findings (commit ${r.commit.slice(0, 7)}, migration ${r.migration}${
      r.migrations.every(m => m.committed)
        ? ''
        : ', some migrations not committed'
    }${
      r.uncommitted.length
        ? `, ${r.uncommitted.length} measured files differ from it`
        : ''
    })`,
  );
  console.log(
    `${r.machine.cores} cores, ${r.machine.memoryGb} GB, Node ${
      r.machine.node
    }, ${r.machine.postgres}; ${Object.entries(r.machine.settings)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
  );
  console.log(
    `load average (1 min) at the start and end of each phase: ${Object.entries(
      r.load,
    )
      .map(([phase, [a, b]]) => `${phase} ${a}-${b}`)
      .join(', ')}`,
  );
  if (r.startup) {
    console.log(
      `start-up (DatabasePostureStore.create) ${r.startup.seconds.toFixed(
        1,
      )} s; migrations it ran: ${r.startup.migrationsRun.join(', ') || 'none'}${
        r.reused ? ` (database generated ${r.generatedAt})` : ''
      }`,
    );
  }
  table(
    ['generation step', 'seconds', 'rows'],
    r.generation.map(s => [
      s.step,
      s.seconds.toFixed(1),
      s.rows === undefined ? '' : n(s.rows),
    ]),
  );
  table(
    [
      'upload (ReportIngestionService)',
      'median',
      'p95',
      'CPU',
      'rows each',
      'size each',
      'rows/s',
    ],
    (['sbom', 'scan'] as const).map(k => [
      k === 'sbom'
        ? `CycloneDX SBOM (${r.ingest.entities})`
        : `Trivy scan (${r.ingest.entities})`,
      ms(r.ingest[k].ms.median),
      ms(r.ingest[k].ms.p95),
      cpuOf(r.ingest[k].ms.cpu),
      n(r.ingest[k].rowsPerReport),
      `${(r.ingest[k].bytesPerReport / 1024).toFixed(0)} kB`,
      n(r.ingest[k].rowsPerSecond),
    ]),
  );
  table(
    [
      `per-entity read (${r.reads.entities} entities)`,
      'median',
      'p95',
      'slowest',
      'CPU',
    ],
    (['posture', 'findings', 'sbom'] as const).map(k => [
      k,
      ms(r.reads[k].median),
      ms(r.reads[k].p95),
      ms(r.reads[k].max),
      cpuOf(r.reads[k].cpu),
    ]),
  );
  table(
    ['scorecards', 'caller', 'median', 'p95', 'CPU', 'groups', 'entities'],
    r.scorecards.map(s => [
      s.view,
      s.caller,
      ms(s.ms.median),
      ms(s.ms.p95),
      cpuOf(s.ms.cpu),
      s.groups,
      n(s.entities),
    ]),
  );
  table(
    ['impact', 'caller', 'median', 'p95', 'slowest', 'CPU', 'affected'],
    r.impact.map(i => [
      i.kind,
      i.caller,
      ms(i.ms.median),
      ms(i.ms.p95),
      ms(i.ms.max),
      cpuOf(i.ms.cpu),
      `${n(i.minAffected)} to ${n(i.maxAffected)}`,
    ]),
  );
  if (r.tuned.length > 0) {
    const both = (s: Spread) => `${ms(s.median)} (${cpuOf(s.cpu)})`;
    table(
      [
        'fleet-wide read: median (CPU)',
        'caller',
        'server settings',
        ...r.tuned.map(t => t.settings),
      ],
      [
        ...r.scorecards.map((s, i) => [
          `scorecards ${s.view}`,
          s.caller,
          both(s.ms),
          ...r.tuned.map(t => both(t.scorecards[i].ms)),
        ]),
        ...r.impact.map((s, i) => [
          `impact ${s.kind}`,
          s.caller,
          both(s.ms),
          ...r.tuned.map(t => both(t.impact[i].ms)),
        ]),
      ],
    );
  }
  if (r.historyIndex) {
    const h = r.historyIndex;
    const both = (x: Spread) => `${ms(x.median)} (${cpuOf(x.cpu)})`;
    table(
      [
        'scorecards: median (CPU)',
        'caller',
        'as migrated',
        `+ posture_history (entity_ref, day) INCLUDE (grade, score), ${mb(
          h.indexBytes,
        )}`,
      ],
      r.scorecards.map((s, i) => [
        s.view,
        s.caller,
        both(s.ms),
        both(h.scorecards[i].ms),
      ]),
    );
    console.log(
      `(index built in ${h.buildSeconds.toFixed(
        1,
      )} s, VACUUM ANALYZE posture_history ${h.vacuumSeconds.toFixed(1)} s)`,
    );
  }
  table(
    [
      'fleet pass',
      'time',
      'CPU',
      'entities/s',
      'written',
      'snapshots',
      'expired',
    ],
    [
      ...r.regrade.map(g => [
        `regrade + snapshot, ${g.run}`,
        `${g.seconds.toFixed(1)} s`,
        g.cpuSeconds === undefined ? '' : `${g.cpuSeconds.toFixed(1)} s`,
        n(g.entitiesPerSecond),
        n(g.written),
        n(g.snapshots),
        n(g.expiredHistory),
      ]),
      [
        `KEV/EPSS recount, ${n(r.refresh.entities)} entities (${
          r.refresh.mismatches
        } differ from the generator)`,
        `${r.refresh.seconds.toFixed(1)} s`,
        r.refresh.cpuMsPerEntity === undefined
          ? ''
          : `${((r.refresh.cpuMsPerEntity * r.refresh.entities) / 1000).toFixed(
              1,
            )} s`,
        n(1000 / r.refresh.msPerEntity),
        '',
        '',
        '',
      ],
      ...(r.settle ?? []).map(v =>
        vacuumRow(`VACUUM ANALYZE ${v.table} after the first regrade`, v),
      ),
      ...r.vacuum.map(v =>
        vacuumRow(`VACUUM (INDEX_CLEANUP ON) ${v.table}`, v),
      ),
    ],
  );
  table(
    ['table', 'rows', 'heap', 'TOAST', 'indexes', 'total', 'bytes/entity'],
    r.sizes.tables
      .filter(t => t.totalBytes > 1024 * 1024)
      .map(t => [
        t.table,
        n(t.rows),
        mb(t.heapBytes),
        mb(t.toastBytes),
        mb(t.indexBytes),
        mb(t.totalBytes),
        n(t.totalBytes / r.entities),
      ]),
  );
  console.log(
    `\ndatabase ${gb(r.sizes.databaseBytes)}: ${n(
      r.sizes.databaseBytes / r.entities,
    )} bytes per entity`,
  );
  table(
    ['index', 'table', 'size'],
    r.sizes.indexes
      .filter(i => i.bytes > 10 * 1024 * 1024)
      .map(i => [i.index, i.table, mb(i.bytes)]),
  );
  if (r.partitioning) {
    const p = r.partitioning;
    table(
      [
        `hash partitions of components (${p.partitions})`,
        'plain',
        'partitioned',
      ],
      [
        [
          'SBOM page, median',
          ms(p.plain.sbomPage.median),
          ms(p.partitioned.sbomPage.median),
        ],
        [
          'SBOM page, p95',
          ms(p.plain.sbomPage.p95),
          ms(p.partitioned.sbomPage.p95),
        ],
        [
          'SBOM upload, median',
          ms(p.plain.sbomIngest.median),
          ms(p.partitioned.sbomIngest.median),
        ],
        [
          'scan upload, median',
          ms(p.plain.scanIngest.median),
          ms(p.partitioned.scanIngest.median),
        ],
        ...p.plain.impact.map((i, k) => [
          `impact ${i.kind}, ${i.caller}, median`,
          ms(i.median),
          ms(p.partitioned.impact[k].median),
        ]),
      ],
    );
    table(
      ['building the partitioned copy', 'seconds'],
      p.build.map(b => [b.step, b.seconds.toFixed(1)]),
    );
  }
}

/**
 * Every figure side by side, its ratio to the smallest size, and a projection to `project`
 * entities: each figure taken to grow as a power of the fleet size, t = c * N^k, with k fitted
 * on the smallest and largest sizes (k = ln(t2 / t1) / ln(N2 / N1): 0 for a figure that stays
 * per entity, 1 for one that grows in proportion), then t(project) = t2 * (project / N2)^k.
 */
export function printComparison(results: ScaleResult[], project: number): void {
  if (results.length < 2) return;
  const [base, ...rest] = results;
  const last = results[results.length - 1];
  const all = results.map(figures);
  const format = (v: number, unit: Unit) => {
    if (unit === 'bytes') return v > 1e6 ? gb(v) : n(v);
    if (unit === 'rate') return n(v);
    return ms(v);
  };
  const rows = all[0].map(([name, value, unit], i) => {
    const lastValue = all[all.length - 1][i][1];
    const k =
      Math.log(lastValue / value) / Math.log(last.entities / base.entities);
    const projected = lastValue * (project / last.entities) ** k;
    return [
      name,
      ...all.map(f => format(f[i][1], unit)),
      ...all.slice(1).map(f => (f[i][1] / value).toFixed(2)),
      Number.isFinite(k) ? k.toFixed(2) : '',
      Number.isFinite(projected) ? format(projected, unit) : '',
    ];
  });
  table(
    [
      'figure',
      ...results.map(r => `${n(r.entities)} entities`),
      ...rest.map(r => `× (${n(r.entities)}/${n(base.entities)})`),
      'k',
      `${n(project)} entities (projected)`,
    ],
    rows,
  );
}
