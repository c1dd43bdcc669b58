import { createHash } from 'crypto';
import { secretRequestPath } from '@posture/backstage-plugin-security-common';
import {
  SecretProvisioningError,
  type SecretLocation,
  type SecretProvisioningRequest,
} from '@posture/backstage-plugin-security-node';
import type { VaultProvisionerConfig } from './provisionerConfig';

function refuse(message: string): never {
  throw new SecretProvisioningError(message, false);
}

/**
 * Where a request's secret goes: security-common's `secretRequestPath`, the same derivation the
 * request form shows (a KV secret at `<namespace>/<entity name>/<name>` in the provisioner's KV
 * mount, a database static role named `<entity name>-<name>`, the entity's namespace and name
 * lower-cased). Refuses (not retryable) anything outside the configured mounts and path
 * prefixes, before Vault is called.
 */
export function secretLocation(
  request: Pick<SecretProvisioningRequest, 'entityRef' | 'kind' | 'name'>,
  config: VaultProvisionerConfig,
): SecretLocation {
  if (request.kind !== 'kv' && request.kind !== 'database-role') {
    refuse(`unknown secret kind "${String(request.kind)}"`);
  }
  let location: SecretLocation;
  try {
    location = secretRequestPath(request, {
      kvMount: config.kvMount,
      databaseMount: config.databaseMount,
    });
  } catch (error) {
    return refuse((error as Error).message);
  }
  const { mount, path } = location;
  if (!config.mounts.includes(mount)) {
    refuse(
      `the ${
        request.kind === 'kv' ? 'KV' : 'database'
      } mount "${mount}" is not in security.vault.provisioner.mounts`,
    );
  }
  if (
    request.kind === 'kv' &&
    !config.pathPrefixes.some(prefix => path.startsWith(prefix))
  ) {
    refuse(
      `${mount}/${path} is outside security.vault.provisioner.pathPrefixes (${config.pathPrefixes.join(
        ', ',
      )})`,
    );
  }
  return { mount, path };
}

/**
 * The read policy's name: readable, lower case (Vault lower-cases policy names), and unique
 * per location thanks to a hash of it, since `a-b/c` and `a/b-c` would otherwise collide.
 */
export function policyNameFor(
  kind: SecretProvisioningRequest['kind'],
  location: SecretLocation,
  prefix: string,
): string {
  const hash = createHash('sha256')
    .update(`${kind}\u0000${location.mount}\u0000${location.path}`)
    .digest('hex')
    .slice(0, 10);
  const slug = location.path
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${prefix}${kind === 'kv' ? 'kv' : 'db'}-${slug}-${hash}`;
}

/** Keeps a comment on one line and free of anything but plain characters. */
function commentSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9 _.:/@-]/g, '?').slice(0, 200);
}

/** The HCL of the policy that lets the service read this one secret and nothing else. */
export function readPolicyText(
  request: SecretProvisioningRequest,
  location: SecretLocation,
): string {
  const path =
    request.kind === 'kv'
      ? `${location.mount}/data/${location.path}`
      : `${location.mount}/static-creds/${location.path}`;
  return [
    `# Written by Posture for secret request ${commentSafe(request.requestId)}`,
    `# (${commentSafe(request.entityRef)}): lets the Vault role ${commentSafe(
      request.serviceRole,
    )} read this secret.`,
    `path "${path}" {`,
    '  capabilities = ["read"]',
    '}',
    '',
  ].join('\n');
}
