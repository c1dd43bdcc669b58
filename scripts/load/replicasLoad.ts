import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { mixedReads, RouteSamples, type ReadRoute } from './mixedLoad';
import { startUploads } from './uploads';

const ROOT = resolve(__dirname, '..', '..');

/** Example services with reports, secrets and signatures in the demo data. */
const ENTITIES = [
  'checkout-api',
  'payment-gateway',
  'cart-service',
  'fraud-detector',
  'invoice-service',
  'ledger',
];

/** Every per-entity route, the scorecards and the impact query: what users read. */
export function readRoutes(): ReadRoute[] {
  const entity = (route: string) =>
    ENTITIES.map(
      name => `/api/security/v1/entities/component/default/${name}/${route}`,
    );
  return [
    { route: 'posture', urls: entity('posture') },
    { route: 'findings', urls: entity('vulnerabilities?limit=50') },
    { route: 'sbom', urls: entity('sbom?limit=50') },
    { route: 'signatures', urls: entity('signatures') },
    { route: 'secrets', urls: entity('secrets') },
    { route: 'reports', urls: entity('reports') },
    { route: 'history', urls: entity('history') },
    {
      route: 'scorecards',
      urls: [
        '/api/security/v1/scorecards?groupBy=owner',
        '/api/security/v1/scorecards?groupBy=system',
        '/api/security/v1/scorecards?groupBy=domain',
      ],
    },
    {
      route: 'impact',
      urls: [
        '/api/security/v1/impact?vulnerability=CVE-2021-44228',
        '/api/security/v1/impact?package=log4j-core&ecosystem=maven&version=%3C2.17.0',
        '/api/security/v1/impact?purl=pkg%3Anpm%2Fjquery',
      ],
    },
  ];
}

export interface SideResult {
  side: string;
  routes: ReturnType<RouteSamples['figures']>[];
  uploads: { ok: number; failed: number; byStatus: Record<string, number> };
}

/**
 * The sustained load on each side (a base URL: one replica, or the balancer over two) in
 * turn, `rounds` times, so a change in the machine's load weighs on both alike: readers on
 * every route while CI-like uploaders post a fresh scan of each example service, one after
 * the other, through the same side.
 */
export async function sustainedLoad(options: {
  sides: Array<{ side: string; base: string }>;
  token: string;
  uploadToken: string;
  concurrency: number;
  secondsPerRound: number;
  rounds: number;
  uploaders: number;
  uploadIntervalMs: number;
}): Promise<SideResult[]> {
  const routes = readRoutes();
  const reports = await Promise.all(
    ENTITIES.map(async name =>
      JSON.parse(
        await readFile(
          resolve(ROOT, 'examples/reports', name, 'trivy.json'),
          'utf8',
        ),
      ),
    ),
  );
  const results = options.sides.map(({ side }) => ({
    side,
    samples: new RouteSamples(),
    uploads: { ok: 0, failed: 0, byStatus: {} as Record<string, number> },
  }));
  for (let round = 0; round < options.rounds; round++) {
    for (const [i, { base }] of options.sides.entries()) {
      const uploaders = Array.from({ length: options.uploaders }, (_, u) =>
        startUploads({
          url: `${base}/api/security/v1/reports?entityRef=component:default/${
            ENTITIES[(round + u) % ENTITIES.length]
          }`,
          token: options.uploadToken,
          report: reports[(round + u) % ENTITIES.length],
          intervalMs: options.uploadIntervalMs,
        }),
      );
      try {
        await mixedReads({
          base,
          routes,
          headers: { authorization: `Bearer ${options.token}` },
          concurrency: options.concurrency,
          seconds: options.secondsPerRound,
          into: results[i].samples,
        });
      } finally {
        for (const uploader of uploaders) {
          await uploader.stop();
          const summary = uploader.summary();
          results[i].uploads.ok += summary.ok;
          results[i].uploads.failed += summary.failed;
          for (const [status, count] of Object.entries(summary.byStatus)) {
            results[i].uploads.byStatus[status] =
              (results[i].uploads.byStatus[status] ?? 0) + count;
          }
        }
      }
    }
  }
  return results.map(r => ({
    side: r.side,
    routes: routes.map(({ route }) => r.samples.figures(route)),
    uploads: r.uploads,
  }));
}
