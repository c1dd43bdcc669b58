import type { LoggerService } from '@backstage/backend-plugin-api';
import { z } from 'zod';
import type { VaultClientConfig } from '../client';
import { VaultError } from '../client/VaultError';
import { VaultHttp } from '../client/VaultHttp';
import { VaultTokenManager } from '../client/VaultTokenManager';
import {
  kvMetadataSchema,
  staticRoleSchema,
  type KvMetadata,
  type StaticRole,
} from '../client/schemas';
import {
  buildProvisionerRequest,
  type ProvisionerRoute,
} from './provisionerRoutes';

/** `POST {mount}/data/{path}` → `data`: the version written. */
const kvWriteSchema = z.object({ version: z.number().int() });

/** @public */
export interface VaultProvisionerClientOptions {
  logger?: LoggerService;
  now?: () => number;
  backoff?: { baseMs: number; maxMs: number };
  readFile?: (path: string) => Promise<string>;
}

/**
 * The provisioner's own Vault connection: its own token (`security.vault.provisioner.auth`),
 * its own connection pool and limits, and only the calls in {@link ProvisionerRoute}.
 * @public
 */
export class VaultProvisionerClient {
  private readonly http: VaultHttp;
  private readonly tokens: VaultTokenManager;

  constructor(
    config: VaultClientConfig,
    options: VaultProvisionerClientOptions = {},
  ) {
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
      configKey: 'security.vault.provisioner.auth',
    });
  }

  /** The secret's metadata, or null when nothing is at the path. */
  async readKvMetadata(
    mount: string,
    path: string,
    signal?: AbortSignal,
  ): Promise<KvMetadata | null> {
    const body = await this.orNotFound(
      {
        name: 'kv-metadata-read',
        mount,
        path,
      },
      signal,
    );
    return body === null
      ? null
      : this.parse(kvMetadataSchema, body, `${mount}/metadata/${path}`);
  }

  async writeKvMetadata(
    mount: string,
    path: string,
    metadata: {
      max_versions: number;
      cas_required: boolean;
      custom_metadata: Record<string, string>;
    },
    signal?: AbortSignal,
  ): Promise<void> {
    await this.send(
      { name: 'kv-metadata-write', mount, path },
      metadata,
      signal,
    );
  }

  /**
   * Writes the first version with `cas: 0`: Vault refuses it (400, "check-and-set parameter did
   * not match the current version") when any version exists, so it can never add a second.
   */
  async createKvData(
    mount: string,
    path: string,
    data: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<number> {
    const body = await this.send(
      { name: 'kv-data-create', mount, path },
      { data, options: { cas: 0 } },
      signal,
      Object.values(data),
    );
    return this.parse(kvWriteSchema, body, `${mount}/data/${path}`).version;
  }

  async readStaticRole(
    mount: string,
    role: string,
    signal?: AbortSignal,
  ): Promise<StaticRole | null> {
    const body = await this.orNotFound(
      { name: 'static-role-read', mount, role },
      signal,
    );
    return body === null
      ? null
      : this.parse(staticRoleSchema, body, `${mount}/static-roles/${role}`);
  }

  async createStaticRole(
    mount: string,
    role: string,
    settings: { db_name: string; username: string; rotation_period: number },
    signal?: AbortSignal,
  ): Promise<void> {
    await this.send(
      { name: 'static-role-create', mount, role },
      settings,
      signal,
    );
  }

  async writeAclPolicy(
    name: string,
    policy: string,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.send(
      { name: 'acl-policy-write', policy: name },
      { policy },
      signal,
    );
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  private parse<T>(
    schema: z.ZodType<T, z.ZodTypeDef, unknown>,
    body: unknown,
    what: string,
  ): T {
    const result = schema.safeParse(
      (body as Record<string, unknown> | null)?.data,
    );
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    // The body is never quoted: it answered a write that carried a value.
    throw new VaultError(
      'invalid-response',
      `Vault's answer for ${what} is not what it returns (data.${issue.path.join(
        '.',
      )}: ${issue.message})`,
    );
  }

  private async orNotFound(
    route: ProvisionerRoute,
    signal?: AbortSignal,
  ): Promise<unknown | null> {
    try {
      return await this.send(route, undefined, signal);
    } catch (error) {
      if (error instanceof VaultError && error.status === 404) return null;
      throw error;
    }
  }

  private async send(
    route: ProvisionerRoute,
    body: object | undefined,
    signal?: AbortSignal,
    sensitive?: string[],
  ): Promise<unknown> {
    // A path that cannot be built fails here, before any token work reaches Vault.
    const request = buildProvisionerRequest(route);
    const token = await this.tokens.token(signal);
    try {
      return (
        await this.http.sendRequest(request, { token, body, signal, sensitive })
      ).body;
    } catch (error) {
      const denied =
        error instanceof VaultError && error.kind === 'permission-denied';
      if (!denied || !(await this.tokens.tokenWasDead(token))) throw error;
      // A 403 wrote nothing, so the one retry with a fresh token is safe.
      const fresh = await this.tokens.token(signal);
      return (
        await this.http.sendRequest(request, {
          token: fresh,
          body,
          signal,
          sensitive,
        })
      ).body;
    }
  }
}
