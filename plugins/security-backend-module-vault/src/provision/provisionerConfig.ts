import type { Config } from '@backstage/config';
import {
  invalidConfig,
  readPositiveNumber,
} from '@posture/backstage-plugin-security-node';
import {
  readAuth,
  readMount,
  type VaultAuthConfig,
  type VaultConfig,
} from '../config';

/** `security.vault.provisioner` with defaults applied. @public */
export interface VaultProvisionerConfig {
  /** A Vault identity of its own, never the metadata reader's. */
  auth: VaultAuthConfig;
  /** The only mounts it writes to (KV v2 and database). */
  mounts: string[];
  /** KV paths (within `kvMount`) it may create secrets under, each ending in `/`. */
  pathPrefixes: string[];
  /** The KV v2 mount new secrets go to. */
  kvMount: string;
  /** The database secrets engine mount of new static roles. */
  databaseMount: string;
  /** The database connection (`db_name`) of new static roles; database roles are refused without it. */
  databaseName?: string;
  /** Read policies are named `<policyPrefix>kv-...` and `<policyPrefix>db-...`. */
  policyPrefix: string;
  /** `max_versions` set on each new KV secret. */
  maxVersions: number;
}

const KEY = 'security.vault.provisioner';

/** A KV folder: no leading slash, one trailing slash, no empty or dot segments, no globs. */
function readPrefix(value: string, index: number): string {
  const trimmed = value.trim().replace(/^\/+|\/+$/g, '');
  const segments = trimmed.split('/');
  if (
    !trimmed ||
    segments.some(
      s => s === '' || s === '.' || s === '..' || !/^[A-Za-z0-9_.-]+$/.test(s),
    )
  ) {
    invalidConfig(
      `${KEY}.pathPrefixes[${index}]`,
      `"${value}" must be a folder such as "default/": letters, digits, "-", "_" and "." between slashes`,
    );
  }
  return `${trimmed}/`;
}

function sameIdentity(a: VaultAuthConfig, b: VaultAuthConfig): boolean {
  if (a.method === 'token' && b.method === 'token') return a.token === b.token;
  if (a.method === 'approle' && b.method === 'approle') {
    return a.roleId === b.roleId && a.mountPath === b.mountPath;
  }
  if (a.method === 'kubernetes' && b.method === 'kubernetes') {
    return a.role === b.role && a.mountPath === b.mountPath;
  }
  return false;
}

/**
 * Reads `security.vault.provisioner`; undefined when absent (Posture then provisions nothing).
 * Refuses the reader's own identity, so the metadata reader never gains write rights.
 * @public
 */
export function readVaultProvisionerConfig(
  root: Config,
  vault: VaultConfig | undefined,
): VaultProvisionerConfig | undefined {
  const config = root.getOptionalConfig(KEY);
  if (!config) return undefined;
  if (!vault) {
    return invalidConfig(KEY, 'needs security.vault.baseUrl and auth');
  }
  const auth = readAuth(config, KEY);
  if (sameIdentity(auth, vault.auth)) {
    invalidConfig(
      `${KEY}.auth`,
      'must be a Vault identity of its own, not the metadata reader of security.vault.auth',
    );
  }
  const mounts = (config.getOptionalStringArray('mounts') ?? []).map(m =>
    m.replace(/^\/+|\/+$/g, ''),
  );
  if (mounts.length === 0 || mounts.some(m => !m)) {
    invalidConfig(
      `${KEY}.mounts`,
      'must list the mounts the provisioner may write to, e.g. [secret]',
    );
  }
  const prefixes = config.getOptionalStringArray('pathPrefixes') ?? [];
  if (prefixes.length === 0) {
    invalidConfig(
      `${KEY}.pathPrefixes`,
      'must list the KV folders secrets may be created under, e.g. [default/]',
    );
  }
  const kvMount = readMount(config, 'kvMount', vault.kvMount, KEY);
  if (!mounts.includes(kvMount)) {
    invalidConfig(
      `${KEY}.kvMount`,
      `"${kvMount}" is not one of ${KEY}.mounts (${mounts.join(', ')})`,
    );
  }
  const databaseName = config.getOptionalString('databaseName')?.trim();
  const policyPrefix =
    config.getOptionalString('policyPrefix') ?? 'posture-secret-';
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(policyPrefix)) {
    invalidConfig(
      `${KEY}.policyPrefix`,
      `"${policyPrefix}" must be lower-case letters, digits, "-" and "_"`,
    );
  }
  return {
    auth,
    mounts,
    pathPrefixes: prefixes.map(readPrefix),
    kvMount,
    databaseMount: readMount(config, 'databaseMount', vault.databaseMount, KEY),
    databaseName: databaseName || undefined,
    policyPrefix,
    maxVersions: readPositiveNumber(root, `${KEY}.maxVersions`, 10, {
      integer: true,
    }),
  };
}
