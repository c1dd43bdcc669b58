/*
 * yarn bench:parse — ingests generated SBOMs and scans of 100k and 500k flat entries
 * (CycloneDX components, minimal as in issue 10 or with versions and purls, SPDX packages,
 * Trivy packages) through ReportIngestionService (JSON parse, format detection, validation,
 * store) into SQLite and PostgreSQL, and prints the time per size and the peak resident
 * memory. While each upload is ingested, a local HTTP health endpoint served by the same
 * process is polled every 100 ms; the worst answer time shows how long the event loop was
 * held. Then three 50 MB uploads arrive at once, with the ingestion slots of the router and
 * without, and the peak resident memory of each run is printed.
 *
 * PostgreSQL is used when one answers at POSTURE_BENCH_PG (default
 * postgresql://postgres@127.0.0.1:5432); the benchmark creates and drops its own database.
 * Sizes: POSTURE_BENCH_PARSE_SIZES (default 100000,500000).
 */
import type { Entity } from '@backstage/catalog-model';
import {
  cycloneDxReportFormat,
  spdxReportFormat,
  trivyReportFormat,
} from '@posture/backstage-plugin-security-backend-module-trivy';
import http from 'http';
import type { AddressInfo } from 'net';
import type { Knex } from 'knex';
import { DatabasePostureStore } from '../src/database/DatabasePostureStore';
import { IngestionSlots } from '../src/service/IngestionSlots';
import { ReportIngestionService } from '../src/service/ReportIngestionService';
import { benchEngines, type Engine, trackPeakRss } from './benchEngines';
import { generateTrivyReport } from './generateTrivyReport';

const SIZES = (process.env.POSTURE_BENCH_PARSE_SIZES ?? '100000,500000')
  .split(',')
  .map(Number);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'bench', namespace: 'default' },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

const generators: Record<string, (n: number, tag: string) => string> = {
  // As the document: 500,000 components of a name only make 9.4 MB.
  'CycloneDX minimal': (n, tag) =>
    JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      metadata: {
        timestamp: new Date().toISOString(),
        component: { name: `ghcr.io/acme/${tag}`, type: 'container' },
      },
      components: Array.from({ length: n }, (_, i) => ({ name: `c${i}` })),
    }),
  CycloneDX: (n, tag) =>
    JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      metadata: {
        timestamp: new Date().toISOString(),
        component: { name: `ghcr.io/acme/${tag}`, type: 'container' },
      },
      components: Array.from({ length: n }, (_, i) => ({
        'bom-ref': `pkg:npm/p${i}@1.0.${i % 9}`,
        type: 'library',
        name: `p${i}`,
        version: `1.0.${i % 9}`,
        purl: `pkg:npm/p${i}@1.0.${i % 9}`,
      })),
    }),
  SPDX: (n, tag) =>
    JSON.stringify({
      spdxVersion: 'SPDX-2.3',
      SPDXID: 'SPDXRef-DOCUMENT',
      name: `ghcr.io/acme/${tag}`,
      creationInfo: { created: new Date().toISOString() },
      packages: Array.from({ length: n }, (_, i) => ({
        SPDXID: `SPDXRef-p${i}`,
        name: `p${i}`,
        versionInfo: `1.0.${i % 9}`,
        licenseConcluded: 'MIT',
      })),
    }),
  Trivy: (n, tag) =>
    JSON.stringify({
      SchemaVersion: 2,
      CreatedAt: new Date().toISOString(),
      ArtifactName: `ghcr.io/acme/${tag}`,
      Results: [
        {
          Target: 'Node.js',
          Type: 'node-pkg',
          Packages: Array.from({ length: n }, (_, i) => ({
            Name: `p${i}`,
            Version: `1.0.${i % 9}`,
          })),
        },
      ],
    }),
};

async function ingestionService(knex: Knex) {
  const store = await DatabasePostureStore.create({
    database: { getClient: async () => knex, migrations: { skip: false } },
  } as any);
  const event = { success: async () => {}, fail: async () => {} };
  return new ReportIngestionService({
    formats: [trivyReportFormat, cycloneDxReportFormat, spdxReportFormat],
    resolver: { resolve: async () => entity } as any,
    auth: { isPrincipal: () => false } as any,
    permissions: {} as any,
    auditor: { createEvent: async () => event } as any,
    store,
  });
}

/** A health endpoint in this process, asked every 100 ms; the slowest answer is kept. */
async function healthProbe() {
  const server = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  let worst = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const start = performance.now();
      await fetch(url).then(res => res.text());
      worst = Math.max(worst, performance.now() - start);
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      server.close();
      return worst;
    },
  };
}

const credentials = {} as any;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function benchSizes(engines: Engine[]) {
  console.log(
    '| engine | format | entries | size | ingest | per entry | worst health answer | peak RSS |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const engine of engines) {
    for (const [format, generate] of Object.entries(generators)) {
      for (const size of SIZES) {
        const knex = await engine.open();
        try {
          const service = await ingestionService(knex);
          const body = Buffer.from(
            generate(size, format.toLowerCase().replace(' ', '-')),
          );
          global.gc?.();
          const memory = trackPeakRss();
          const probe = await healthProbe();
          const start = performance.now();
          const result = await service.ingest({ body, credentials });
          const ms = performance.now() - start;
          const worst = await probe.stop();
          const peak = memory.stop();
          if (result.body.components !== size) {
            throw new Error(`expected ${size} components: ${result.body}`);
          }
          console.log(
            `| ${engine.name} | ${format} | ${size.toLocaleString(
              'en-US',
            )} | ${mb(body.length)} | ${(ms / 1000).toFixed(1)} s | ${(
              (ms * 1000) /
              size
            ).toFixed(1)} µs | ${worst.toFixed(0)} ms | ${mb(peak)} |`,
          );
        } finally {
          await engine.close(knex);
        }
      }
    }
  }
}

/** Findings that make a Trivy report of about 50 MB. */
const FINDINGS_FOR_50MB = Number(
  process.env.POSTURE_BENCH_LARGE_FINDINGS ?? 46000,
);

async function benchConcurrentLarge(engine: Engine) {
  console.log(
    `\nThree ~50 MB Trivy reports uploaded at once (${engine.name}); peak RSS of the process\n`,
  );
  console.log(
    '| ingestion slots | stored | each report | peak RSS | above baseline | worst health answer |',
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const maxConcurrent of [3, 2, 1]) {
    const knex = await engine.open();
    try {
      const service = await ingestionService(knex);
      const slots = new IngestionSlots({ maxConcurrent, maxQueued: 20 });
      // Generated first (generating blocks the loop too); the growth above this is measured.
      const bodies = [0, 1, 2].map(i =>
        Buffer.from(
          generateTrivyReport(FINDINGS_FOR_50MB, `ghcr.io/acme/large-${i}`),
        ),
      );
      global.gc?.();
      const baseline = process.memoryUsage().rss;
      const memory = trackPeakRss();
      const probe = await healthProbe();
      // As the router does: an upload's work starts only once it holds a slot.
      const results = await Promise.all(
        bodies.map(async body => {
          const release = await slots.acquire();
          try {
            return await service.ingest({ body, credentials });
          } finally {
            release();
          }
        }),
      );
      const worst = await probe.stop();
      const peak = memory.stop();
      console.log(
        `| ${maxConcurrent}${maxConcurrent === 3 ? ' (no limit)' : ''} | ${
          results.filter(r => r.status === 201).length
        } | ${mb(bodies[0].length)} | ${mb(peak)} | ${mb(
          peak - baseline,
        )} | ${worst.toFixed(0)} ms |`,
      );
    } finally {
      await engine.close(knex);
    }
  }
}

async function main() {
  const engines = await benchEngines('posture_bench_parse');
  console.log(`Node ${process.version}\n`);
  if (process.env.POSTURE_BENCH_SKIP_SIZES !== '1') {
    await benchSizes(engines);
  }
  await benchConcurrentLarge(engines[engines.length - 1]);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
