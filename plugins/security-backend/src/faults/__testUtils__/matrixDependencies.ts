import type { BaseFault } from '@posture/dev-stand-ins';
import type { FeedFault } from './feedStandIn';
import {
  MALFORMED_BODY,
  RETRY_AFTER_SECONDS,
  type FaultKind,
} from './faultKinds';
import type { MatrixBackend } from './matrixBackend';
import { CVES, DIGEST, EPSS_PATH, KEV_PATH } from './matrixFixtures';
import type { Reads } from './matrixReads';

/** What the user sees of a dependency's health. */
export interface DependencyStatus {
  stale: boolean;
  error: string | null;
}

/** One attempt the dependency saw: when, and on which path. */
export interface Attempt {
  path: string;
  at: number;
}

/** The matrix's rows: one dependency, how to break it, and what of it the reads show. */
export interface MatrixDependency {
  id: 'vault' | 'rekor' | 'kev' | 'epss';
  title: string;
  /** The scheduled task that runs it. */
  taskId: string;
  /** Audit events one run of its task records. */
  auditEventId?: string;
  inject(m: MatrixBackend, fault: FaultKind): Promise<void>;
  clear(m: MatrixBackend): Promise<void>;
  /** Every request it received so far, held (slow) ones included. */
  attempts(m: MatrixBackend): Attempt[];
  /** Its data as the reads serve it, without the times of checks. */
  data(reads: Reads): unknown;
  /** Whether the reads show real data of it (so that "unchanged" means something). */
  served(reads: Reads): boolean;
  status(reads: Reads): DependencyStatus;
  /** What the status's error must say for each fault. */
  reasons: Record<FaultKind, RegExp>;
}

/** The stand-ins' fault for each kind (`down` is a stopped server instead). */
function standInFault(fault: FaultKind): BaseFault {
  switch (fault) {
    case 'slow':
      // Held by the manual delay timer until the fault is cleared: the client times out first.
      return { delayMs: 60_000 };
    case 'rate-limited':
      return {
        status: 429,
        headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      };
    case 'server-error':
      return { status: 500 };
    case 'unavailable':
      return { status: 503 };
    case 'malformed':
      return { rawBody: MALFORMED_BODY };
    default:
      throw new Error(`${fault} is not a stand-in fault`);
  }
}

function feedFault(fault: FaultKind): FeedFault {
  if (fault === 'slow') return { stall: true };
  const { status, headers, rawBody } = standInFault(fault);
  return { status, headers, rawBody };
}

/** Lets the requests a slow fault held go on; their clients gave up long ago. */
function releaseHeld(held: { waiting(): number[]; elapse(): void }): void {
  while (held.waiting().length > 0) held.elapse();
}

/**
 * A stand-in logs a request when it is answered, or when its client gave up (status 0), which
 * may come a moment after the client moved on; held requests are counted from the delay
 * timer instead, which sees them arrive.
 */
function answeredAndHeld(
  log: Array<{ method: string; path: string; time: string; status: number }>,
  held: { waiting(): number[] },
): Attempt[] {
  return [
    ...log
      .filter(e => e.status !== 0)
      .map(e => ({ path: `${e.method} ${e.path}`, at: Date.parse(e.time) })),
    ...held.waiting().map(() => ({ path: 'held', at: 0 })),
  ];
}

/** Fields of a list item, in a stable order, for comparing what is served. */
const pick = (item: any, keys: string[]) =>
  Object.fromEntries(keys.map(k => [k, item?.[k]]));

export const vaultDependency: MatrixDependency = {
  id: 'vault',
  title: 'Vault source pass',
  taskId: 'security-source-vault',
  async inject(m, fault) {
    if (fault === 'down') {
      await m.vaultServer.stop();
      return;
    }
    m.vault.faults.set('/v1/', standInFault(fault));
  },
  async clear(m) {
    m.vault.faults.clear();
    releaseHeld(m.vaultHeld);
    await m.vaultServer.restart();
  },
  attempts: m => answeredAndHeld(m.vault.requestLog.entries(), m.vaultHeld),
  data: reads =>
    [...(reads.body.secrets?.items ?? [])]
      .map(i =>
        pick(i, [
          'path',
          'engine',
          'currentVersion',
          'createdTime',
          'maxAgeDays',
          'status',
        ]),
      )
      .sort((a, b) => String(a.path).localeCompare(String(b.path))),
  // The folder's three secrets and the static role, with their facts.
  served: reads =>
    (reads.body.secrets?.items ?? []).filter((i: any) => i.createdTime)
      .length >= 4,
  status: reads => {
    const items: any[] = reads.body.secrets?.items ?? [];
    return {
      stale: Boolean(reads.body.posture?.secrets?.stale),
      error: items.find(i => i.error)?.error ?? null,
    };
  },
  reasons: {
    down: /^Vault is unavailable: .*cannot reach Vault at http:\/\/127\.0\.0\.1:\d+ .*: ECONNREFUSED$/,
    slow: /^Vault is unavailable: .*Vault did not answer within \d+ ms/,
    'rate-limited': /^Vault rate limited listing metadata at .* \(429\)$/,
    'server-error': /^Vault is unavailable: .*Vault failed \(500\)/,
    unavailable: /^Vault is unavailable: .*sealed or unavailable \(503\)/,
    malformed: /^Vault's answer for .* is not what kv-list returns/,
  },
};

export const rekorDependency: MatrixDependency = {
  id: 'rekor',
  title: 'Rekor source pass',
  taskId: 'security-source-rekor',
  async inject(m, fault) {
    if (fault === 'down') {
      await m.rekorServer.stop();
      return;
    }
    m.rekor.faults.set('/api/v1/', standInFault(fault));
  },
  async clear(m) {
    m.rekor.faults.clear();
    releaseHeld(m.rekorHeld);
    await m.rekorServer.restart();
  },
  attempts: m => answeredAndHeld(m.rekor.requestLog.entries(), m.rekorHeld),
  data: reads => ({
    items: (reads.body.signatures?.items ?? [])
      .filter((i: any) => i.source === 'rekor' && i.digest === DIGEST)
      .map((i: any) =>
        pick(i, ['digest', 'status', 'signer', 'logIndex', 'integratedTime']),
      ),
    posture: pick(reads.body.posture?.signature, ['status', 'signer']),
  }),
  served: reads =>
    (reads.body.signatures?.items ?? []).some(
      (i: any) =>
        i.source === 'rekor' && i.digest === DIGEST && i.status === 'verified',
    ),
  status: reads => {
    const item = (reads.body.signatures?.items ?? []).find(
      (i: any) => i.source === 'rekor' && i.digest === DIGEST,
    );
    return {
      stale: Boolean(item?.stale && reads.body.posture?.signature?.stale),
      error: item?.error ?? null,
    };
  },
  reasons: {
    down: /^Rekor at http:\/\/127\.0\.0\.1:\d+: .* failed: fetch failed \(ECONNREFUSED\)/,
    slow: /^Rekor at .* did not answer within \d+ ms/,
    'rate-limited': /^Rekor at .* answered 429/,
    'server-error': /^Rekor at .* answered 500/,
    unavailable: /^Rekor at .* answered 503/,
    malformed: /^Rekor at .* failed: .*JSON/,
  },
};

function feedDependency(options: {
  id: 'kev' | 'epss';
  title: string;
  path: string;
  /** How the status names the feed, up to its path. */
  what: RegExp;
  /** What the status says of a malformed download. */
  malformed: RegExp;
  /** The feed's mark on a finding, null when none. */
  marks: (item: any) => unknown;
  /** Findings of the matrix's service the feed marks. */
  markedCves: string[];
}): MatrixDependency {
  const { id, path } = options;
  // The location as the status shows it: without the password the configured URL carries.
  const reason = (what: string) =>
    new RegExp(
      `^${options.what.source}${path.replace(
        /[.]/g,
        '\\.',
      )} ${what}( \\(after \\d+ attempts\\))?$`,
    );
  const feedOf = (reads: Reads) =>
    (reads.body.feeds?.items ?? []).find((f: any) => f.feed === id);
  return {
    id,
    title: options.title,
    taskId: `security-feed-${id}`,
    auditEventId: 'exploit-feed-load',
    async inject(m, fault) {
      if (fault === 'down') {
        await m.feeds.stop();
        return;
      }
      m.feeds.setFault(path, feedFault(fault));
    },
    async clear(m) {
      m.feeds.clearFaults();
      await m.feeds.start();
    },
    attempts: m =>
      m.feeds.requestsFor(path).map(r => ({ path: r.path, at: r.at })),
    data: reads => {
      const feed = feedOf(reads);
      return {
        feed: pick(feed, ['version', 'published', 'rows', 'loadedAt']),
        marks: (reads.body.vulnerabilities?.items ?? [])
          .map((i: any) => ({ id: i.id, mark: options.marks(i) }))
          .sort((a: any, b: any) => a.id.localeCompare(b.id)),
      };
    },
    served: reads => {
      const items: any[] = reads.body.vulnerabilities?.items ?? [];
      return (
        feedOf(reads)?.rows > 0 &&
        options.markedCves.every(cve =>
          items.some(i => i.id === cve && options.marks(i)),
        )
      );
    },
    status: reads => {
      const feed = feedOf(reads);
      return { stale: Boolean(feed?.stale), error: feed?.error ?? null };
    },
    reasons: {
      down: reason('could not be read: fetch failed \\(ECONNREFUSED\\)'),
      slow: reason('did not answer within \\d+ ms'),
      'rate-limited': reason('answered 429 Too Many Requests'),
      'server-error': reason('answered 500 Internal Server Error'),
      unavailable: reason('answered 503 Service Unavailable'),
      malformed: options.malformed,
    },
  };
}

export const kevDependency = feedDependency({
  id: 'kev',
  title: 'KEV feed load',
  path: KEV_PATH,
  what: /KEV catalog at http:\/\/127\.0\.0\.1:\d+/,
  malformed: /^Invalid KEV catalog: not JSON/,
  marks: item => item.kev ?? null,
  // Log4Shell and Spring4Shell; HTTP/2 Rapid Reset too, since October 2023.
  markedCves: CVES,
});

export const epssDependency = feedDependency({
  id: 'epss',
  title: 'EPSS feed load',
  path: EPSS_PATH,
  what: /EPSS file at http:\/\/127\.0\.0\.1:\d+/,
  malformed: /^Invalid EPSS file: line 1: expected "#model_version/,
  marks: item => item.epss ?? null,
  markedCves: CVES,
});

export const MATRIX_DEPENDENCIES = [
  vaultDependency,
  rekorDependency,
  kevDependency,
  epssDependency,
];
