import type { Entity } from '@backstage/catalog-model';
import type { MatrixBackend } from './matrixBackend';
import { ENTITY_PATH } from './matrixFixtures';

/** Services CI uploads to while the database restarts: one report each. */
export const LOAD_SERVICES = Array.from(
  { length: 60 },
  (_, i) => `load-${String(i).padStart(2, '0')}`,
);

export const loadEntities = (): Entity[] =>
  LOAD_SERVICES.map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', owner: 'team-load', lifecycle: 'production' },
  }));

export const loadRef = (name: string) => `component:default/${name}`;

/** Findings per load report: enough that a write takes a while, so a restart can cut one. */
export const LOAD_FINDINGS = 300;

/** One time for every load scan, so a retried upload sends the same bytes as CI would. */
const CREATED_AT = new Date(Date.now() - 600_000).toISOString();

/**
 * A Trivy scan of `name` with {@link LOAD_FINDINGS} findings and as many packages; the same
 * bytes every time for one name.
 */
export function loadScan(name: string): string {
  const packages = Array.from({ length: LOAD_FINDINGS }, (_, i) => ({
    Name: `acme-lib-${i}`,
    Version: `1.${i}.0`,
    Identifier: { PURL: `pkg:npm/acme-lib-${i}@1.${i}.0` },
  }));
  return JSON.stringify({
    SchemaVersion: 2,
    CreatedAt: CREATED_AT,
    ArtifactName: `ghcr.io/acme/${name}:2.0.0`,
    ArtifactType: 'container_image',
    Results: [
      {
        Target: 'app/package-lock.json',
        Class: 'lang-pkgs',
        Type: 'npm',
        Packages: packages,
        Vulnerabilities: packages.map((p, i) => ({
          VulnerabilityID: `CVE-2099-${10000 + i}`,
          PkgName: p.Name,
          PkgIdentifier: p.Identifier,
          InstalledVersion: p.Version,
          FixedVersion: `1.${i}.1`,
          Severity: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'][i % 4],
          Status: 'fixed',
        })),
      },
    ],
  });
}

export interface LoadAnswer {
  kind: 'upload' | 'read';
  /** Which service an upload was for. */
  service?: string;
  status: number;
  retryAfter?: string;
  message?: string;
}

/**
 * Uploads (each load service once, a few at a time) and reads (the matrix service's tab and
 * the scorecards) in parallel until `stop()`, recording every answer. `uploaded(n)` resolves
 * once n uploads were stored since it was asked.
 */
export function startLoad(
  m: MatrixBackend,
  options: { uploaders: number; readers: number },
) {
  const answers: LoadAnswer[] = [];
  let stopped = false;
  let nextService = 0;
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const record = (answer: LoadAnswer) => {
    answers.push(answer);
    if (answer.kind === 'upload' && answer.status === 201) {
      for (const waiter of [...waiters]) {
        waiter.count -= 1;
        if (waiter.count <= 0) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    }
  };
  const describe = (res: {
    status: number;
    headers: Record<string, string>;
    body: any;
  }) => ({
    status: res.status,
    retryAfter: res.headers['retry-after'],
    message: res.body?.error?.message,
  });

  const uploader = async () => {
    while (!stopped && nextService < LOAD_SERVICES.length) {
      const service = LOAD_SERVICES[nextService++];
      const res = await m.upload(loadRef(service), loadScan(service));
      record({ kind: 'upload', service, ...describe(res) });
    }
  };
  const readPaths = [
    `${ENTITY_PATH}/posture`,
    `${ENTITY_PATH}/vulnerabilities`,
    '/api/security/v1/scorecards?groupBy=owner',
  ];
  const reader = async (offset: number) => {
    for (let i = offset; !stopped; i++) {
      const res = await m.get(readPaths[i % readPaths.length]);
      record({ kind: 'read', ...describe(res) });
    }
  };
  const running = Promise.all([
    ...Array.from({ length: options.uploaders }, uploader),
    ...Array.from({ length: options.readers }, (_, i) => reader(i)),
  ]);
  return {
    answers,
    uploaded: (count: number) =>
      new Promise<void>(resolve => waiters.push({ count, resolve })),
    async stop(): Promise<void> {
      stopped = true;
      await running;
    },
  };
}
