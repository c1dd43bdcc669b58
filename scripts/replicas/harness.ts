import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {
  createRekorStandIn,
  createVaultStandIn,
  seedVaultDemo,
  type VaultStandIn,
} from '@posture/dev-stand-ins';
import { Client } from 'pg';
import { startFeedStandIn } from './feedStandIn';
import { startHaproxy } from './haproxy';
import { startTap, type Tap, type TapEntry } from './tap';

const ROOT = path.resolve(__dirname, '..', '..');

export interface ReplicaHarnessOptions {
  /** How many backends (default 2). */
  replicas?: number;
  /** The load balancer's port; the single-replica frontend is port + 9, replicas port + 1.. */
  port?: number;
  /** PostgreSQL for the replicas' plugin databases (all named with `databasePrefix`). */
  postgres?: string;
  databasePrefix?: string;
  /** The unpacked built backend (scripts/unpack-backend.js), e2e-results/backend by default. */
  backendDir?: string;
  /** Where configs and logs go, e2e-results/replicas by default. */
  workDir?: string;
}

interface Replica {
  name: string;
  port: number;
  configFile: string;
  logFile: string;
  process?: ChildProcess;
}

/**
 * Several built backends on one PostgreSQL behind HAProxy (round-robin, no stickiness), with
 * the Vault, Rekor and KEV/EPSS stand-ins in this process. Every replica reaches each stand-in
 * through its own tap, so `requests` says which replica asked what. Each start begins from
 * empty databases (every database named with the prefix is dropped first).
 */
export class ReplicaHarness {
  readonly requests: TapEntry[] = [];
  readonly replicas: Replica[] = [];
  vault!: VaultStandIn;
  private readonly closers: Array<() => Promise<void>> = [];
  private haproxy?: ChildProcess;
  private readonly options: Required<ReplicaHarnessOptions>;

  constructor(options: ReplicaHarnessOptions = {}) {
    this.options = {
      replicas: options.replicas ?? 2,
      port: options.port ?? 7100,
      postgres:
        options.postgres ??
        process.env.POSTURE_REPLICAS_PG ??
        'postgresql://postgres@127.0.0.1:5432/postgres',
      databasePrefix: options.databasePrefix ?? 'posture_replicas_',
      backendDir:
        options.backendDir ?? path.join(ROOT, 'e2e-results', 'backend'),
      workDir: options.workDir ?? path.join(ROOT, 'e2e-results', 'replicas'),
    };
  }

  /** Through HAProxy, round-robin over every replica. */
  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  /** Through HAProxy, to the first replica only. */
  get singleReplicaUrl(): string {
    return `http://127.0.0.1:${this.options.port + 9}`;
  }

  replicaUrl(index: number): string {
    return `http://127.0.0.1:${this.replicas[index].port}`;
  }

  async start(): Promise<void> {
    const { workDir, backendDir } = this.options;
    const backendCwd = path.join(backendDir, 'packages', 'backend');
    if (!existsSync(path.join(backendCwd, 'package.json'))) {
      throw new Error(
        `No built backend at ${backendDir}: run yarn build:backend && node scripts/unpack-backend.js`,
      );
    }
    await mkdir(workDir, { recursive: true });
    await this.resetDatabases();
    ensureDemoSignatures();

    this.vault = createVaultStandIn();
    // The demo's seed, as `yarn demo` and the end-to-end run start it.
    seedVaultDemo(this.vault.state, this.vault.state.now());
    const vaultServer = await this.vault.start(0);
    this.closers.push(() => vaultServer.close());
    const rekor = createRekorStandIn({
      entriesDir: path.join(ROOT, '.posture/rekor/entries'),
      publicKeyPath: path.join(ROOT, '.posture/rekor/rekor.pub.pem'),
    });
    const rekorServer = await rekor.start(0);
    this.closers.push(() => rekorServer.close());
    const feeds = await startFeedStandIn(ROOT);
    this.closers.push(() => feeds.close());

    for (let i = 0; i < this.options.replicas; i++) {
      const name = `replica-${i + 1}`;
      const tap = async (dependency: string, target: string): Promise<Tap> => {
        const started = await startTap({
          replica: name,
          dependency,
          target,
          log: this.requests,
        });
        this.closers.push(() => started.close());
        return started;
      };
      const vaultTap = await tap('vault', vaultServer.url);
      const rekorTap = await tap('rekor', rekorServer.url);
      const feedTap = await tap('feeds', feeds.url);
      const replica: Replica = {
        name,
        port: this.options.port + 1 + i,
        configFile: path.join(workDir, `${name}.yaml`),
        logFile: path.join(workDir, `${name}.log`),
      };
      await writeFile(
        replica.configFile,
        replicaConfig({
          port: replica.port,
          baseUrl: this.url,
          postgres: this.options.postgres,
          prefix: this.options.databasePrefix,
          vault: vaultTap.url,
          rekor: rekorTap.url,
          feeds: feedTap.url,
        }),
      );
      this.replicas.push(replica);
    }
    // One replica first, so migrations and first-run seeding are not the subject of the test
    // of concurrent writers (two fresh replicas racing on start-up is tested separately).
    await this.startReplica(0);
    await Promise.all(
      this.replicas.slice(1).map((_, i) => this.startReplica(i + 1)),
    );
    this.haproxy = await startHaproxy({
      port: this.options.port,
      singlePort: this.options.port + 9,
      replicaPorts: this.replicas.map(r => r.port),
      configFile: path.join(workDir, 'haproxy.cfg'),
      logFile: path.join(workDir, 'haproxy.log'),
    });
    await waitForPort(this.options.port, 20_000);
    await waitForReady(`${this.url}`, 60_000);
  }

  /** Starts (or restarts) one replica and waits until it is ready. */
  async startReplica(index: number): Promise<void> {
    const replica = this.replicas[index];
    const cwd = path.join(this.options.backendDir, 'packages', 'backend');
    const log = createWriteStream(replica.logFile, { flags: 'a' });
    const child = spawn(
      process.execPath,
      [
        '.',
        '--config',
        path.join(ROOT, 'app-config.yaml'),
        '--config',
        path.join(ROOT, 'e2e/replicas/app-config.replicas.yaml'),
        '--config',
        replica.configFile,
      ],
      { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    replica.process = child;
    await waitForReady(this.replicaUrl(index), 240_000, child);
  }

  /** Kills one replica at once (SIGKILL: no shutdown hooks, as a crashed node). */
  async kill(index: number): Promise<void> {
    const child = this.replicas[index].process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise(resolve => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.replicas[index].process = undefined;
  }

  async stop(): Promise<void> {
    const stopping = this.replicas.map(async (replica, i) => {
      const child = replica.process;
      if (!child || child.exitCode !== null) return;
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => void this.kill(i), 15_000);
      await exited;
      clearTimeout(timer);
    });
    await Promise.all(stopping);
    this.haproxy?.kill('SIGTERM');
    for (const close of this.closers.reverse()) await close();
  }

  /** A client on one of the replicas' plugin databases, e.g. 'security'. */
  async database(pluginId: string): Promise<Client> {
    const url = new URL(this.options.postgres);
    url.pathname = `/${this.options.databasePrefix}${pluginId}`;
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    return client;
  }

  private async resetDatabases(): Promise<void> {
    const client = new Client({ connectionString: this.options.postgres });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
        [this.options.databasePrefix],
      );
      for (const { datname } of rows) {
        await client.query(
          `DROP DATABASE ${client.escapeIdentifier(datname)} WITH (FORCE)`,
        );
      }
    } finally {
      await client.end();
    }
  }
}

function replicaConfig(options: {
  port: number;
  baseUrl: string;
  postgres: string;
  prefix: string;
  vault: string;
  rekor: string;
  feeds: string;
}): string {
  const pg = new URL(options.postgres);
  return JSON.stringify(
    {
      app: { baseUrl: options.baseUrl },
      backend: {
        baseUrl: options.baseUrl,
        listen: { port: options.port },
        database: {
          client: 'pg',
          prefix: options.prefix,
          connection: {
            host: pg.hostname,
            port: Number(pg.port || 5432),
            user: decodeURIComponent(pg.username || 'postgres'),
            password: decodeURIComponent(pg.password) || undefined,
          },
        },
      },
      security: {
        vault: { baseUrl: options.vault },
        rekor: { baseUrl: options.rekor },
        kev: {
          file: null,
          url: `${options.feeds}/known_exploited_vulnerabilities.json`,
        },
        epss: {
          file: null,
          url: `${options.feeds}/epss_scores-current.csv.gz`,
        },
      },
    },
    null,
    2,
  );
}

/** The Rekor stand-in's entries and trusted root, as the end-to-end run makes them. */
function ensureDemoSignatures(): void {
  if (existsSync(path.join(ROOT, '.posture/rekor/trusted_root.json'))) return;
  execFileSync(
    path.join(ROOT, 'node_modules/.bin/tsx'),
    [
      path.join(
        ROOT,
        'plugins/security-backend-module-rekor/scripts/generate-demo-signatures.ts',
      ),
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
}

async function waitForReady(
  url: string,
  timeoutMs: number,
  child?: ChildProcess,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`${url}: the backend exited with ${child.exitCode}`);
    }
    try {
      const response = await fetch(`${url}/.backstage/health/v1/readiness`);
      if (response.ok) return;
      last = `${response.status}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms (${last})`);
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>(resolve => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}
