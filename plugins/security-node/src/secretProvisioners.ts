import { createExtensionPoint } from '@backstage/backend-plugin-api';

/** What an approved secret request asks a provisioner to create. @public */
export interface SecretProvisioningRequest {
  /** The secret request's id; written beside the secret so a retry recognises its own write. */
  requestId: string;
  /** The service the secret is for, e.g. `component:default/payment-gateway`. */
  entityRef: string;
  /** The entity's owner, e.g. `group:default/team-payments`; null when it has none. */
  ownerRef: string | null;
  /** `kv`: a KV v2 secret whose value the provisioner generates; `database-role`: a static role. */
  kind: 'kv' | 'database-role';
  /** The secret's own name: letters, digits, `-` and `_`, 1 to 64 characters. */
  name: string;
  rotationPeriodDays: number;
  /** The Vault role the service reads with; the written read policy is meant for it. */
  serviceRole: string;
}

/** Where a request's secret lives (or will live) in the secrets store. @public */
export interface SecretLocation {
  mount: string;
  /** The KV path within the mount, or the static role's name. */
  path: string;
}

/** What was provisioned; never the value. @public */
export interface SecretProvisioningResult extends SecretLocation {
  /** The KV version written (1), or null for a database role. */
  version: number | null;
  /** The read policy written for the service. */
  policyName: string;
}

/**
 * Creates the secret of an approved request in a secrets store, exactly once: a provisioner
 * that is called again for the same request (a retry after a failure, or after a lost answer)
 * finishes the work or recognises it as done, and never writes a second value.
 * @public
 */
export interface SecretProvisioner {
  /** Stable id, e.g. `vault`. */
  id: string;
  provision(
    request: SecretProvisioningRequest,
    options: { signal?: AbortSignal },
  ): Promise<SecretProvisioningResult>;
  /**
   * The location a request would be provisioned at, before anything is written; throws
   * {@link SecretProvisioningError} (not retryable) when the provisioner may not write there.
   */
  describe(
    request: Pick<SecretProvisioningRequest, 'entityRef' | 'kind' | 'name'>,
  ): SecretLocation;
}

/**
 * A provisioning that failed. The message says what to fix and never contains a secret value.
 * `retryable` is true when the same request may succeed later unchanged (the store was
 * unavailable), false when something must change first (configuration, permissions, a
 * conflicting secret already at the path).
 * @public
 */
export class SecretProvisioningError extends Error {
  name = 'SecretProvisioningError';

  constructor(message: string, readonly retryable: boolean) {
    super(message);
  }
}

/** @public */
export interface SecuritySecretProvisionersExtensionPoint {
  addSecretProvisioner(...provisioners: SecretProvisioner[]): void;
}

/**
 * Modules add the provisioners that create the secrets of approved secret requests.
 * @public
 */
export const securitySecretProvisionersExtensionPoint =
  createExtensionPoint<SecuritySecretProvisionersExtensionPoint>({
    id: 'security.secret-provisioners',
  });
