import { createHash } from 'crypto';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  SecretProvisioningError,
  type SecretLocation,
  type SecretProvisioningRequest,
} from '@posture/backstage-plugin-security-node';
import type { VaultProvisionerConfig } from './provisionerConfig';

/** A request's secret name: no separators, no dots, nothing a policy pattern would widen. */
const SECRET_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** Catalog names and namespaces as Backstage allows them; no `*` or `+` (policy globs). */
const CATALOG_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,251}[A-Za-z0-9])?$/;

function refuse(message: string): never {
  throw new SecretProvisioningError(message, false);
}

/** The namespace and name of the entity a request is for, checked for use in Vault paths. */
function entityParts(entityRef: string): { namespace: string; name: string } {
  let parsed;
  try {
    parsed = parseEntityRef(entityRef);
  } catch {
    return refuse(`"${entityRef}" is not an entity reference`);
  }
  for (const part of [parsed.namespace, parsed.name]) {
    if (!CATALOG_NAME.test(part) || part.includes('..')) {
      refuse(`"${entityRef}" cannot name a Vault path`);
    }
  }
  return { namespace: parsed.namespace, name: parsed.name };
}

/**
 * Where a request's secret goes, as security-common's `secretRequestPath` derives it: a KV
 * secret at `<namespace>/<entity name>/<name>` in the provisioner's KV mount, a database static
 * role named `<entity name>-<name>`. Refuses (not retryable) anything outside the configured
 * mounts and path prefixes, before Vault is called.
 */
export function secretLocation(
  request: Pick<SecretProvisioningRequest, 'entityRef' | 'kind' | 'name'>,
  config: VaultProvisionerConfig,
): SecretLocation {
  if (!SECRET_NAME.test(request.name)) {
    refuse(
      `"${request.name}" is not a secret name: 1 to 64 letters, digits, "-" and "_"`,
    );
  }
  const entity = entityParts(request.entityRef);
  if (request.kind === 'kv') {
    const mount = config.kvMount;
    const path = `${entity.namespace}/${entity.name}/${request.name}`;
    if (!config.mounts.includes(mount)) {
      refuse(
        `the KV mount "${mount}" is not in security.vault.provisioner.mounts`,
      );
    }
    if (!config.pathPrefixes.some(prefix => path.startsWith(prefix))) {
      refuse(
        `${mount}/${path} is outside security.vault.provisioner.pathPrefixes (${config.pathPrefixes.join(
          ', ',
        )})`,
      );
    }
    return { mount, path };
  }
  if (request.kind === 'database-role') {
    const mount = config.databaseMount;
    if (!config.mounts.includes(mount)) {
      refuse(
        `the database mount "${mount}" is not in security.vault.provisioner.mounts`,
      );
    }
    return { mount, path: `${entity.name}-${request.name}` };
  }
  return refuse(`unknown secret kind "${String(request.kind)}"`);
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
