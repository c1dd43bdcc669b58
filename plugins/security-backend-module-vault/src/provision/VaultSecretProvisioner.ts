import { randomBytes } from 'crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  SecretProvisioningError,
  type SecretLocation,
  type SecretProvisioner,
  type SecretProvisioningRequest,
  type SecretProvisioningResult,
} from '@posture/backstage-plugin-security-node';
import { VaultError } from '../client/VaultError';
import { VaultPathError } from '../client/vaultRoutes';
import type { VaultProvisionerConfig } from './provisionerConfig';
import {
  policyNameFor,
  readPolicyText,
  secretLocation,
} from './secretLocation';
import type { VaultProvisionerClient } from './VaultProvisionerClient';

/** What the provisioner needs from its Vault client; the client, or a fake in tests. */
export type VaultProvisionerCalls = Pick<
  VaultProvisionerClient,
  | 'readKvMetadata'
  | 'writeKvMetadata'
  | 'createKvData'
  | 'readStaticRole'
  | 'createStaticRole'
  | 'writeAclPolicy'
>;

/** @public */
export interface VaultSecretProvisionerOptions {
  client: VaultProvisionerCalls;
  config: VaultProvisionerConfig;
  logger: LoggerService;
  /** 32 random bytes by default; injectable so a test knows the value to search for. */
  generateValue?: () => string;
}

const CAS_MISMATCH =
  'check-and-set parameter did not match the current version';

/** Vault could not answer (or asked us to wait): the same request may succeed later. */
function retryable(error: VaultError): boolean {
  return (
    error.unavailable ||
    error.kind === 'rate-limited' ||
    error.kind === 'inconsistent'
  );
}

/**
 * Creates the secrets of approved requests in Vault with the provisioner's own identity:
 *
 * - `kv`: custom_metadata first (owner, request id, rotation period), so the secret is marked
 *   as this request's before it has a value; then a generated value written once with
 *   `cas: 0`; then a policy letting the service's role read that path only.
 * - `database-role`: a static role with the rotation period, then a policy for its
 *   `static-creds` path.
 *
 * Called again for the same request (a retry after a failure or a lost answer) it finishes
 * what is missing and recognises its own earlier writes by the request id in the metadata, so
 * a secret never gets a second version. A path that holds someone else's secret is refused.
 * The value lives only in memory during the write; it is never logged, returned or kept.
 * @public
 */
export class VaultSecretProvisioner implements SecretProvisioner {
  readonly id = 'vault';
  private readonly generateValue: () => string;

  constructor(private readonly options: VaultSecretProvisionerOptions) {
    this.generateValue =
      options.generateValue ?? (() => randomBytes(32).toString('base64url'));
  }

  describe(
    request: Pick<SecretProvisioningRequest, 'entityRef' | 'kind' | 'name'>,
  ): SecretLocation {
    return secretLocation(request, this.options.config);
  }

  async provision(
    request: SecretProvisioningRequest,
    options: { signal?: AbortSignal } = {},
  ): Promise<SecretProvisioningResult> {
    // Refused before any call to Vault when outside the configured mounts and prefixes.
    const location = this.describe(request);
    const where = `${location.mount}/${location.path}`;
    try {
      const result =
        request.kind === 'kv'
          ? await this.provisionKv(request, location, options.signal)
          : await this.provisionDatabaseRole(request, location, options.signal);
      this.options.logger.info(
        `Provisioned ${
          request.kind === 'kv'
            ? `KV secret ${where} version ${result.version}`
            : `database static role ${where}`
        } for secret request ${request.requestId} (${
          request.entityRef
        }); read policy ${result.policyName}`,
      );
      return result;
    } catch (error) {
      const failure = this.failure(error, where, options.signal);
      this.options.logger.warn(
        `Provisioning secret request ${request.requestId} at ${where} failed: ${failure.message}`,
      );
      throw failure;
    }
  }

  private async provisionKv(
    request: SecretProvisioningRequest,
    location: SecretLocation,
    signal?: AbortSignal,
  ): Promise<SecretProvisioningResult> {
    const { client, config } = this.options;
    const { mount, path } = location;
    const existing = await client.readKvMetadata(mount, path, signal);
    if (existing) this.assertOurs(existing, request, location);
    else {
      const customMetadata: Record<string, string> = {
        request_id: request.requestId,
        rotation_period_days: String(request.rotationPeriodDays),
        // What the Secrets card reads as the secret's maximum age.
        rotation_period: `${request.rotationPeriodDays}d`,
      };
      if (request.ownerRef) customMetadata.owner = request.ownerRef;
      await client.writeKvMetadata(
        mount,
        path,
        {
          max_versions: config.maxVersions,
          // Any later write must say which version it replaces.
          cas_required: true,
          custom_metadata: customMetadata,
        },
        signal,
      );
    }

    let version: number;
    if (existing && existing.current_version >= 1) {
      // An earlier attempt of this request wrote the value; its version is the first.
      version = 1;
    } else {
      version = await this.writeValueOnce(request, location, signal);
    }
    const policyName = await this.writePolicy(request, location, signal);
    return { mount, path, version, policyName };
  }

  /** The only place a value exists: generated, sent with `cas: 0`, then dropped. */
  private async writeValueOnce(
    request: SecretProvisioningRequest,
    location: SecretLocation,
    signal?: AbortSignal,
  ): Promise<number> {
    const { client } = this.options;
    const { mount, path } = location;
    let value: string | undefined = this.generateValue();
    try {
      return await client.createKvData(mount, path, { value }, signal);
    } catch (error) {
      const conflict =
        error instanceof VaultError &&
        error.status === 400 &&
        error.message.includes(CAS_MISMATCH);
      if (!conflict) {
        throw error instanceof Error
          ? redacted(error, value)
          : new Error('the secret write failed');
      }
      // A version exists: ours if an earlier attempt's answer was lost, else someone else's.
      value = undefined;
      const now = await client.readKvMetadata(mount, path, signal);
      if (now && now.current_version >= 1) {
        this.assertOurs(now, request, location);
        return 1;
      }
      throw new SecretProvisioningError(
        `Vault refused the first version at ${mount}/${path} (check-and-set)`,
        true,
      );
    } finally {
      value = undefined;
    }
  }

  private assertOurs(
    metadata: { custom_metadata?: Record<string, unknown> | null },
    request: SecretProvisioningRequest,
    location: SecretLocation,
  ): void {
    const owner = metadata.custom_metadata?.request_id;
    if (owner !== request.requestId) {
      throw new SecretProvisioningError(
        `a secret already exists at ${location.mount}/${location.path} and was not created by this request; request another name`,
        false,
      );
    }
  }

  private async provisionDatabaseRole(
    request: SecretProvisioningRequest,
    location: SecretLocation,
    signal?: AbortSignal,
  ): Promise<SecretProvisioningResult> {
    const { client, config } = this.options;
    const { mount, path: role } = location;
    if (!config.databaseName) {
      throw new SecretProvisioningError(
        'database roles need security.vault.provisioner.databaseName (the database connection in Vault)',
        false,
      );
    }
    const wanted = {
      db_name: config.databaseName,
      // The database user the role rotates; it must exist in the database.
      username: role.replace(/-/g, '_'),
      rotation_period: request.rotationPeriodDays * 86_400,
    };
    const matches = (found: {
      db_name?: string | null;
      username?: string | null;
    }) =>
      found.db_name === wanted.db_name && found.username === wanted.username;

    const existing = await client.readStaticRole(mount, role, signal);
    if (existing && !matches(existing)) {
      throw new SecretProvisioningError(
        `a static role ${mount}/static-roles/${role} already exists for another database user; request another name`,
        false,
      );
    }
    if (!existing) {
      try {
        await client.createStaticRole(mount, role, wanted, signal);
      } catch (error) {
        // A lost answer: the role may have been created by the attempt that failed.
        const now = await client
          .readStaticRole(mount, role, signal)
          .catch(() => null);
        if (!now || !matches(now)) throw error;
      }
    }
    const policyName = await this.writePolicy(request, location, signal);
    return { mount, path: role, version: null, policyName };
  }

  private async writePolicy(
    request: SecretProvisioningRequest,
    location: SecretLocation,
    signal?: AbortSignal,
  ): Promise<string> {
    const name = policyNameFor(
      request.kind,
      location,
      this.options.config.policyPrefix,
    );
    await this.options.client.writeAclPolicy(
      name,
      readPolicyText(request, location),
      signal,
    );
    return name;
  }

  private failure(
    error: unknown,
    where: string,
    signal?: AbortSignal,
  ): SecretProvisioningError {
    if (error instanceof SecretProvisioningError) return error;
    if (signal?.aborted) {
      return new SecretProvisioningError(
        `provisioning ${where} was cancelled`,
        true,
      );
    }
    if (error instanceof VaultError) {
      return new SecretProvisioningError(
        `Vault provisioning of ${where} failed: ${error.message}`,
        retryable(error),
      );
    }
    if (error instanceof VaultPathError) {
      return new SecretProvisioningError(
        `Vault provisioning of ${where} refused: ${error.message}`,
        false,
      );
    }
    return new SecretProvisioningError(
      `Vault provisioning of ${where} failed unexpectedly: ${
        (error as Error)?.message ?? String(error)
      }`,
      false,
    );
  }
}

/** The same error, with the value cut out of its message should anything have echoed it. */
function redacted(error: Error, value: string | undefined): Error {
  if (!value || !error.message.includes(value)) return error;
  const message = error.message.split(value).join('[redacted]');
  if (error instanceof VaultError) {
    return new VaultError(
      error.kind,
      message,
      error.status,
      error.retryAfterMs,
    );
  }
  return new Error(message);
}
