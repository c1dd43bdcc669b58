import type { LoggerService } from '@backstage/backend-plugin-api';
import type { VaultConfig } from '../config';
import { VaultError } from './VaultError';
import { VaultHttp } from './VaultHttp';
import { VaultTokenManager } from './VaultTokenManager';
import {
  healthSchema,
  kvListSchema,
  kvMetadataSchema,
  parseVaultBody,
  staticRoleSchema,
  type KvMetadata,
  type StaticRole,
  type VaultHealth,
} from './schemas';
import { buildVaultRequest, type VaultRoute } from './vaultRoutes';

/** Settings the client needs; a {@link VaultConfig} has them all. @public */
export type VaultClientConfig = Pick<
  VaultConfig,
  | 'baseUrl'
  | 'namespace'
  | 'auth'
  | 'concurrency'
  | 'requestsPerSecond'
  | 'timeoutMs'
  | 'retries'
  | 'tlsCa'
>;

/** @public */
export interface VaultClientOptions {
  logger?: LoggerService;
  /** The time token expiry is judged by, in epoch milliseconds; `Date.now` by default. */
  now?: () => number;
  /** Retry waits: the first between half and all of `baseMs`, doubling up to `maxMs`. */
  backoff?: { baseMs: number; maxMs: number };
  /** Reads the Kubernetes service-account JWT; injectable for tests. */
  readFile?: (path: string) => Promise<string>;
}

/**
 * Reads secret metadata from Vault, never secret values. Its only calls are `sys/health`,
 * the token's own lookup and renewal, Kubernetes and AppRole login, KV v2 metadata reads and
 * lists, and database static-role reads. Paths for `data/`, `creds/` and `static-creds/`
 * cannot be built.
 * @public
 */
export class VaultClient {
  private readonly http: VaultHttp;
  private readonly tokens: VaultTokenManager;

  constructor(config: VaultClientConfig, options: VaultClientOptions = {}) {
    this.http = new VaultHttp({
      baseUrl: config.baseUrl,
      namespace: config.namespace,
      timeoutMs: config.timeoutMs,
      retries: config.retries,
      concurrency: config.concurrency,
      requestsPerSecond: config.requestsPerSecond,
      tlsCa: config.tlsCa,
      backoff: options.backoff,
      logger: options.logger,
    });
    this.tokens = new VaultTokenManager({
      auth: config.auth,
      http: this.http,
      now: options.now ?? Date.now,
      readFile: options.readFile,
      logger: options.logger,
    });
  }

  /**
   * Throws a {@link VaultError} (`sealed` or `network`/`timeout`) unless Vault is initialised
   * and unsealed. Standbys count as healthy: they serve reads.
   */
  async checkHealth(signal?: AbortSignal): Promise<VaultHealth> {
    const route: VaultRoute = { name: 'health' };
    const response = await this.http.send(route, {
      signal,
      // 429 standby, 472 DR secondary, 473 performance standby: alive and unsealed.
      acceptStatus: s => [429, 472, 473, 501, 503].includes(s),
      // A sealed Vault stays sealed for longer than a retry waits.
      retryStatus: s => s >= 500 && s !== 501 && s !== 503,
    });
    const health = parseVaultBody(
      healthSchema,
      response.body ?? {},
      null,
      'the health check',
      route,
    );
    if (response.status === 501 || health.initialized === false) {
      throw new VaultError(
        'sealed',
        'Vault is not initialised (sys/health answered 501)',
        response.status,
      );
    }
    if (response.status === 503 || health.sealed) {
      throw new VaultError(
        'sealed',
        `Vault is sealed or unavailable (sys/health answered ${response.status})`,
        response.status,
      );
    }
    return health;
  }

  /** `GET {mount}/metadata/{path}`: versions, times and custom metadata of one KV v2 secret. */
  async readKvMetadata(
    mount: string,
    path: string,
    signal?: AbortSignal,
  ): Promise<KvMetadata> {
    const route: VaultRoute = { name: 'kv-metadata', mount, path };
    const body = await this.authenticated(route, signal);
    return parseVaultBody(
      kvMetadataSchema,
      body,
      'data',
      `${mount}/metadata/${path}`,
      route,
    );
  }

  /**
   * `LIST {mount}/metadata/{folder}`: the keys directly under a folder; sub-folders end with
   * `/`. Vault answers 404 for a folder with nothing under it.
   */
  async listKvMetadata(
    mount: string,
    folder: string,
    signal?: AbortSignal,
  ): Promise<string[]> {
    const route: VaultRoute = { name: 'kv-list', mount, folder };
    const body = await this.authenticated(route, signal);
    return parseVaultBody(
      kvListSchema,
      body,
      'data',
      `${mount}/metadata/${folder}`,
      route,
    ).keys;
  }

  /** `GET {mount}/static-roles/{role}`: rotation facts of a database static role. */
  async readStaticRole(
    mount: string,
    role: string,
    signal?: AbortSignal,
  ): Promise<StaticRole> {
    const route: VaultRoute = { name: 'static-role', mount, role };
    const body = await this.authenticated(route, signal);
    return parseVaultBody(
      staticRoleSchema,
      body,
      'data',
      `${mount}/static-roles/${role}`,
      route,
    );
  }

  /** Closes the connection pool; call on shutdown. */
  async close(): Promise<void> {
    await this.http.close();
  }

  private async authenticated(
    route: VaultRoute,
    signal?: AbortSignal,
  ): Promise<unknown> {
    // A path that cannot be built fails here, before any token work reaches Vault.
    buildVaultRequest(route);
    const token = await this.tokens.token(signal);
    try {
      return (await this.http.send(route, { token, signal })).body;
    } catch (error) {
      const denied =
        error instanceof VaultError && error.kind === 'permission-denied';
      if (!denied || !(await this.tokens.tokenWasDead(token))) throw error;
      // Once, with a new token; a static token that died fails in `token()` as `auth`.
      const fresh = await this.tokens.token(signal);
      return (await this.http.send(route, { token: fresh, signal })).body;
    }
  }
}
