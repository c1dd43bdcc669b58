/*
 * yarn bench:replicas — sustained load on Posture on one replica and on two, side by side in
 * one run. Starts the replica harness (scripts/replicas: two built backends on this machine's
 * PostgreSQL behind HAProxy; needs yarn build:backend && node scripts/unpack-backend.js and
 * Debian's haproxy), then, in POSTURE_LOAD_ROUNDS rounds (default 3) that take the sides in
 * turn, POSTURE_LOAD_CONCURRENCY readers (default 32) on every per-entity route, the
 * scorecards and the impact query for POSTURE_LOAD_SECONDS per side and round (default 30),
 * while POSTURE_LOAD_UPLOADERS CI-like uploaders (default 2) post scans through the same side.
 * The one-replica side is HAProxy's frontend to the first replica only, the two-replica side
 * its round-robin frontend. Prints throughput, p50/p95/p99 and errors per route and side, and
 * writes them as JSON to POSTURE_LOAD_OUT (default e2e-results/replicas-load.json).
 * Only 127.0.0.1: the harness binds nothing else. Exits 1 on any error.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ReplicaHarness } from '../replicas/harness';
import { sustainedLoad, type SideResult } from './replicasLoad';

const UPLOAD_TOKEN = 'posture-demo-upload-token-NOT-A-SECRET';

function env(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number`);
  }
  return value;
}

function format(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : '-';
}

export function markdownTable(results: SideResult[]): string {
  const [one, two] = results;
  const lines = [
    `| route | ${one.side} req/s | p50 | p95 | p99 | errors | ${two.side} req/s | p50 | p95 | p99 | errors |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [i, a] of one.routes.entries()) {
    const b = two.routes[i];
    lines.push(
      `| ${a.route} | ${format(a.requestsPerSecond)} | ${format(
        a.p50,
      )} | ${format(a.p95)} | ${format(a.p99)} | ${a.errors} | ${format(
        b.requestsPerSecond,
      )} | ${format(b.p50)} | ${format(b.p95)} | ${format(b.p99)} | ${
        b.errors
      } |`,
    );
  }
  return lines.join('\n');
}

async function guestToken(base: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!response.ok) {
    throw new Error(`Guest sign-in answered ${response.status}`);
  }
  return ((await response.json()) as { backstageIdentity: { token: string } })
    .backstageIdentity.token;
}

async function main() {
  const harness = new ReplicaHarness({ replicas: 2 });
  const out = resolve(
    process.env.POSTURE_LOAD_OUT ??
      resolve(__dirname, '../../e2e-results/replicas-load.json'),
  );
  await harness.start();
  try {
    const token = await guestToken(harness.url);
    // The example reports are seeded by then (readiness waits for start-up, and the seeder
    // runs two seconds after); give the first Vault and Rekor passes their cadence.
    const results = await sustainedLoad({
      sides: [
        { side: 'one replica', base: harness.singleReplicaUrl },
        { side: 'two replicas', base: harness.url },
      ],
      token,
      uploadToken: UPLOAD_TOKEN,
      concurrency: env('POSTURE_LOAD_CONCURRENCY', 32),
      secondsPerRound: env('POSTURE_LOAD_SECONDS', 30),
      rounds: env('POSTURE_LOAD_ROUNDS', 3),
      uploaders: env('POSTURE_LOAD_UPLOADERS', 2),
      uploadIntervalMs: env('POSTURE_LOAD_UPLOAD_INTERVAL_MS', 500),
    });
    console.log(markdownTable(results));
    for (const r of results) {
      console.log(`${r.side}: uploads`, r.uploads);
      for (const route of r.routes.filter(x => x.errors > 0)) {
        console.log(
          `${r.side} ${route.route} errors, e.g.:`,
          route.errorSamples,
        );
      }
    }
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, JSON.stringify(results, null, 2));
    const errors = results.reduce(
      (sum, r) =>
        sum + r.uploads.failed + r.routes.reduce((s, x) => s + x.errors, 0),
      0,
    );
    if (errors > 0) process.exitCode = 1;
  } finally {
    await harness.stop();
  }
}

if (require.main === module) {
  main().catch(error => {
    console.error(error);
    process.exitCode = 1;
  });
}
