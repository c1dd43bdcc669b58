/*
 * yarn bench:reads — how much a per-entity Posture read costs next to the catalog's own entity
 * read, on a running backend (the demo: see docs/benchmarks.md). For each route in turn, 50
 * concurrent readers (POSTURE_LOAD_CONCURRENCY) read one entity (POSTURE_LOAD_ENTITY, default
 * cart-service) for 20 s (POSTURE_LOAD_SECONDS) as the guest user, while a CI-like uploader
 * posts that entity's Trivy report, one at a time and at most one a second
 * (POSTURE_LOAD_UPLOAD_INTERVAL_MS), with the demo upload token.
 * Prints per route requests/s, p50/p95/p99 and errors, and each route's throughput as a ratio
 * of the catalog's from the same run. The time of each route is split into rounds
 * (POSTURE_LOAD_ROUNDS, default 4) that take the routes in turn, so a change in the machine's
 * load during the run weighs on every route alike. Only a backend on this machine is accepted.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { drive, summarize, type Sample } from './drive';
import { startUploads } from './uploads';

const BASE_URL = process.env.POSTURE_LOAD_URL ?? 'http://127.0.0.1:7007';
const ENTITY = process.env.POSTURE_LOAD_ENTITY ?? 'cart-service';
const SECONDS = Number(process.env.POSTURE_LOAD_SECONDS ?? 20);
const CONCURRENCY = Number(process.env.POSTURE_LOAD_CONCURRENCY ?? 50);
const ROUNDS = Number(process.env.POSTURE_LOAD_ROUNDS ?? 4);
const UPLOAD_INTERVAL_MS = Number(
  process.env.POSTURE_LOAD_UPLOAD_INTERVAL_MS ?? 1000,
);
const UPLOAD_TOKEN =
  process.env.POSTURE_LOAD_UPLOAD_TOKEN ??
  'posture-demo-upload-token-NOT-A-SECRET';
const ROOT = resolve(__dirname, '..', '..');

function loopbackBase(url: string): string {
  const { hostname, protocol, origin } = new URL(url);
  if (
    protocol !== 'http:' ||
    !['127.0.0.1', 'localhost', '[::1]'].includes(hostname)
  ) {
    throw new Error(
      `POSTURE_LOAD_URL must be a http URL on this machine, not ${url}`,
    );
  }
  return origin;
}

async function guestToken(base: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!response.ok) {
    throw new Error(
      `Guest sign-in answered ${response.status}: ${await response.text()}`,
    );
  }
  const body = (await response.json()) as {
    backstageIdentity: { token: string };
  };
  return body.backstageIdentity.token;
}

function format(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : '-';
}

async function main() {
  const base = loopbackBase(BASE_URL);
  const token = await guestToken(base);
  const headers = { authorization: `Bearer ${token}` };
  const entityPath = `component/default/${ENTITY}`;
  const security = `${base}/api/security/v1/entities/${entityPath}`;
  const routes: Array<[string, string]> = [
    ['catalog', `${base}/api/catalog/entities/by-name/${entityPath}`],
    ['posture', `${security}/posture`],
    ['findings', `${security}/vulnerabilities?limit=50&sort=severity`],
    ['sbom', `${security}/sbom?limit=50`],
    ['signatures', `${security}/signatures`],
    ['secrets', `${security}/secrets`],
    ['reports', `${security}/reports`],
  ];
  const only = process.env.POSTURE_LOAD_ROUTES?.split(',');
  const selected = routes.filter(
    ([route]) => route === 'catalog' || !only || only.includes(route),
  );

  const report = await readFile(
    resolve(ROOT, 'examples/reports', ENTITY, 'trivy.json'),
    'utf8',
  );
  const uploads = startUploads({
    url: `${base}/api/security/v1/reports?entityRef=component:default/${ENTITY}`,
    token: UPLOAD_TOKEN,
    report: JSON.parse(report),
    intervalMs: UPLOAD_INTERVAL_MS,
  });

  console.log(
    `${base}, entity ${entityPath}, ${CONCURRENCY} readers, ${SECONDS} s per route in ${ROUNDS} rounds, uploads alongside`,
  );
  const samples = new Map<string, Sample[]>(selected.map(([r]) => [r, []]));
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const [route, url] of selected) {
        samples.get(route)!.push(
          await drive({
            url,
            headers,
            concurrency: CONCURRENCY,
            seconds: SECONDS / ROUNDS,
          }),
        );
      }
    }
  } finally {
    await uploads.stop();
  }
  const figures = [...samples].map(([route, s]) => summarize(route, s));

  const catalog = figures[0].requestsPerSecond;
  console.table(
    figures.map(f => ({
      route: f.route,
      'req/s': format(f.requestsPerSecond),
      'p50 ms': format(f.p50),
      'p95 ms': format(f.p95),
      'p99 ms': format(f.p99),
      errors: f.errors,
      'x catalog': (f.requestsPerSecond / catalog).toFixed(2),
    })),
  );
  for (const f of figures.filter(x => x.errors > 0)) {
    console.log(`${f.route} errors, e.g.:`, f.errorSamples);
  }
  console.log('uploads alongside:', uploads.summary());
  const errors = figures.reduce((sum, f) => sum + f.errors, 0);
  if (errors > 0 || uploads.summary().failed > 0) {
    process.exitCode = 1;
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
