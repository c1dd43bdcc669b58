import type {
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_VAULT_SECRETS_ENGINE,
  getEntitySecretPaths,
  getEntityStaticRoles,
} from '@posture/backstage-plugin-security-common';
import type {
  PostureObservation,
  PostureSource,
  PostureSourceContext,
  SecretObservation,
} from '@posture/backstage-plugin-security-node';
import { VaultError, VaultPathError, type VaultClient } from '../client';
import { errorObservation } from './errorObservation';
import { kvSecretObservation } from './kvSecretObservation';
import { staticRoleObservation } from './staticRoleObservation';

/** The reads the source makes; {@link VaultClient} provides them. @public */
export type VaultSecretsReader = Pick<
  VaultClient,
  'checkHealth' | 'readKvMetadata' | 'listKvMetadata' | 'readStaticRole'
>;

/** @public */
export interface VaultSecretsSourceOptions {
  client: VaultSecretsReader;
  /** KV v2 mount for entities without `vault.io/secrets-engine`. */
  kvMount: string;
  /** Database secrets engine mount of `posture.dev/vault-static-roles`. */
  databaseMount: string;
  /** `security.policy.secrets.maxAgeDays`, for secrets that declare no maximum age. */
  defaultMaxAgeDays: number;
  schedule?: SchedulerServiceTaskScheduleDefinition;
  /** A successful health check is trusted this long, so a sweep does not ask per entity. */
  healthCheckIntervalMs?: number;
  /** Folders are listed this many levels deep at most. */
  maxFolderDepth?: number;
  now?: () => number;
  logger?: LoggerService;
}

/** One read's result, and the error behind it when it failed. */
interface Outcome {
  observation: SecretObservation;
  failure?: Error;
}

/** Per-collect state: the caller's signal, and a way to stop the rest after a fatal error. */
interface Run {
  signal: AbortSignal;
  stop(reason: unknown): void;
}

/**
 * The `vault` posture source: the age and rotation policy of each secret an entity declares
 * in `vault.io/secrets-path` (KV v2) and `posture.dev/vault-static-roles` (database static
 * roles), and of each secret Posture provisioned for it (the context's `provisionedSecrets`,
 * which need no annotation), from Vault metadata only. One unreadable secret is reported in
 * `error` state; an unusable Vault (unhealthy, sealed, authentication failing, or every read
 * failing for lack of an answer) makes `collect` throw, so the backend keeps the last data as
 * stale.
 * @public
 */
export class VaultSecretsSource implements PostureSource {
  readonly id = 'vault';
  readonly observes = 'secrets' as const;
  readonly schedule?: SchedulerServiceTaskScheduleDefinition;
  private readonly healthCheckIntervalMs: number;
  private readonly maxFolderDepth: number;
  private readonly now: () => number;
  private healthyUntil = -Infinity;

  constructor(private readonly options: VaultSecretsSourceOptions) {
    this.schedule = options.schedule;
    this.healthCheckIntervalMs = options.healthCheckIntervalMs ?? 60_000;
    this.maxFolderDepth = options.maxFolderDepth ?? 16;
    this.now = options.now ?? Date.now;
  }

  appliesTo(entity: Entity): boolean {
    return (
      getEntitySecretPaths(entity).length > 0 ||
      getEntityStaticRoles(entity).length > 0
    );
  }

  async collect(
    entity: Entity,
    context: Pick<PostureSourceContext, 'signal'> &
      Partial<Pick<PostureSourceContext, 'provisionedSecrets'>>,
  ): Promise<PostureObservation> {
    const controller = new AbortController();
    const signal = AbortSignal.any([context.signal, controller.signal]);
    const run: Run = {
      signal,
      stop: reason => controller.abort(reason),
    };
    await this.ensureHealthy(signal);

    const engine =
      entity.metadata.annotations?.[ANNOTATION_VAULT_SECRETS_ENGINE]?.trim() ||
      this.options.kvMount;
    const work: Array<Promise<Outcome[]>> = [];
    // Each secret named directly is read once, annotated or provisioned (or both).
    const named = new Set<string>();
    const once = (key: string, read: () => Promise<Outcome>) => {
      if (named.has(key)) return;
      named.add(key);
      work.push(read().then(o => [o]));
    };
    const readSecret = (where: string, path: string) =>
      once(locationKey('kv', where, path), () =>
        this.collectSecret(where, path, run),
      );
    const readRole = (where: string, role: string) =>
      once(locationKey('database-static-role', where, role), () =>
        this.collectRole(where, role, run),
      );
    for (const entry of getEntitySecretPaths(entity)) {
      const path = entry.replace(/^\/+/, '');
      if (path.endsWith('/')) {
        work.push(this.collectFolder(engine, path, 0, run));
      } else {
        readSecret(engine, path);
      }
    }
    for (const role of getEntityStaticRoles(entity)) {
      readRole(this.options.databaseMount, role);
    }
    for (const secret of context.provisionedSecrets ?? []) {
      if (secret.kind === 'database-static-role') {
        readRole(secret.engine, secret.path);
      } else {
        readSecret(secret.engine, secret.path.replace(/^\/+/, ''));
      }
    }
    const outcomes = (await Promise.all(work)).flat();
    context.signal.throwIfAborted();

    const first = outcomes[0]?.failure;
    if (
      first &&
      outcomes.every(
        o => o.failure instanceof VaultError && o.failure.unavailable,
      )
    ) {
      // Not one answer: this says nothing about the secrets, only about Vault.
      this.healthyUntil = -Infinity;
      throw new VaultError(
        (first as VaultError).kind,
        `Vault is unavailable: all ${
          outcomes.length
        } reads for ${stringifyEntityRef(entity)} failed; the first: ${
          first.message
        }`,
        (first as VaultError).status,
      );
    }
    const items = uniqueObservations(outcomes);
    const failed = items.filter(i => i.state === 'error').length;
    if (failed > 0) {
      this.options.logger?.debug(
        `Vault: ${failed} of ${items.length} secrets of ${stringifyEntityRef(
          entity,
        )} could not be read`,
      );
    }
    return { kind: 'secrets', items };
  }

  private async ensureHealthy(signal: AbortSignal): Promise<void> {
    if (this.now() < this.healthyUntil) return;
    await this.options.client.checkHealth(signal);
    this.healthyUntil = this.now() + this.healthCheckIntervalMs;
  }

  private async collectFolder(
    engine: string,
    folder: string,
    depth: number,
    run: Run,
  ): Promise<Outcome[]> {
    let keys: string[];
    try {
      keys = await this.options.client.listKvMetadata(
        engine,
        folder,
        run.signal,
      );
    } catch (error) {
      return [this.failed({ engine, path: folder, kind: 'kv' }, error, run)];
    }
    const nested = await Promise.all(
      keys.map(async (key): Promise<Outcome[]> => {
        const path = `${folder}${key}`;
        if (!key.endsWith('/'))
          return [await this.collectSecret(engine, path, run)];
        if (depth + 1 >= this.maxFolderDepth) {
          return [
            {
              observation: errorObservation({
                engine,
                path,
                kind: 'kv',
                error: `not listed: folders deeper than ${this.maxFolderDepth} levels are not read`,
              }),
            },
          ];
        }
        return this.collectFolder(engine, path, depth + 1, run);
      }),
    );
    return nested.flat();
  }

  private async collectSecret(
    engine: string,
    path: string,
    run: Run,
  ): Promise<Outcome> {
    try {
      const metadata = await this.options.client.readKvMetadata(
        engine,
        path,
        run.signal,
      );
      return {
        observation: kvSecretObservation({
          engine,
          path,
          metadata,
          defaultMaxAgeDays: this.options.defaultMaxAgeDays,
          now: this.now(),
        }),
      };
    } catch (error) {
      return this.failed({ engine, path, kind: 'kv' }, error, run);
    }
  }

  private async collectRole(
    engine: string,
    role: string,
    run: Run,
  ): Promise<Outcome> {
    try {
      const staticRole = await this.options.client.readStaticRole(
        engine,
        role,
        run.signal,
      );
      return {
        observation: staticRoleObservation({
          engine,
          role,
          staticRole,
          defaultMaxAgeDays: this.options.defaultMaxAgeDays,
        }),
      };
    } catch (error) {
      return this.failed(
        { engine, path: role, kind: 'database-static-role' },
        error,
        run,
      );
    }
  }

  /**
   * A failure of one path becomes that path's `error` observation. Cancellation, failed
   * authentication and unexpected errors stop the whole collect instead: they are not about
   * the path.
   */
  private failed(
    where: Pick<SecretObservation, 'engine' | 'path' | 'kind'>,
    error: unknown,
    run: Run,
  ): Outcome {
    const perPath =
      !run.signal.aborted &&
      (error instanceof VaultPathError ||
        (error instanceof VaultError && error.kind !== 'auth'));
    if (!perPath) {
      run.stop(error);
      throw error;
    }
    const message =
      error instanceof VaultPathError
        ? `not read: ${error.message}`
        : (error as VaultError).message;
    return {
      observation: errorObservation({ ...where, error: message }),
      failure: error as Error,
    };
  }
}

function locationKey(
  kind: SecretObservation['kind'],
  engine: string,
  path: string,
): string {
  return `${kind}\u0000${engine}\u0000${path}`;
}

/** A secret named twice (directly and under a listed folder) is reported once. */
function uniqueObservations(outcomes: Outcome[]): SecretObservation[] {
  const seen = new Set<string>();
  const items: SecretObservation[] = [];
  for (const { observation } of outcomes) {
    const key = locationKey(
      observation.kind,
      observation.engine,
      observation.path,
    );
    if (seen.has(key)) continue;
    seen.add(key);
    items.push(observation);
  }
  return items;
}
