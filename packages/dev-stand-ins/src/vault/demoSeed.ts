import {
  parseVaultAnnotations,
  readVaultAnnotations,
  VaultAnnotations,
} from './catalogAnnotations';
import { deterministicSecret, stableHash } from './ids';
import { PolicyDefinition } from './policies';
import { VaultState } from './state';
import { addSeconds, DAY_SECONDS } from './time';

/** How Posture should grade a seeded secret (90-day default max age, 14-day warning). */
export type DemoSecretClass =
  | 'fresh'
  | 'due-soon'
  | 'overdue'
  | 'deleted'
  | 'destroyed';

export interface SeededSecret {
  component: string;
  mount: string;
  path: string;
  expected: DemoSecretClass;
  /** Age of the current version in days. */
  ageDays: number;
  customMetadata: Record<string, string> | null;
  versions: number;
}

export interface SeededStaticRole {
  component: string;
  mount: string;
  name: string;
  rotationPeriod: number;
  /** Seconds since last_vault_rotation. */
  lastRotationAgeSeconds: number;
  expected: 'rotated' | 'overdue';
}

export interface DemoSeedOptions {
  /** Catalog file to read; examples/catalog/components.yaml by default. */
  catalogPath?: string;
  /** Catalog text, instead of reading a file. */
  catalogYaml?: string;
  /** KV mount for components without vault.io/secrets-engine; 'secret' by default. */
  defaultKvMount?: string;
  databaseMount?: string;
  readerToken?: string;
  provisionerToken?: string;
  /**
   * KV paths (relative to the default KV mount) under which the provisioner may create
   * secrets: one folder per catalog namespace; `['default/']` by default.
   */
  provisionerPathPrefixes?: string[];
}

export interface DemoSeedResult {
  secrets: SeededSecret[];
  staticRoles: SeededStaticRole[];
  /** A token with only the metadata-reader policy, as Posture should be configured. */
  readerToken: string;
  readerPolicy: PolicyDefinition;
  /** A token that may create secrets, static roles and read policies, as the provisioner is configured. */
  provisionerToken: string;
  provisionerPolicy: PolicyDefinition;
  kubernetes: { role: string; jwt: string };
  approle: { roleId: string; secretId: string };
}

/** Obviously fake, fixed credentials so the demo configuration can name them. */
export const DEMO_READER_TOKEN = 'hvs.posture-demo-reader-NOT-A-SECRET';
export const DEMO_PROVISIONER_TOKEN =
  'hvs.posture-demo-provisioner-NOT-A-SECRET';
/**
 * The provisioner writes read policies named with this prefix and no others, so it can never
 * rewrite its own policy (`posture-provisioner`) or the reader's.
 */
export const PROVISIONED_POLICY_PREFIX = 'posture-secret-';
export const DEMO_KUBERNETES_JWT = 'posture-demo-k8s-jwt-NOT-A-SECRET';
export const DEMO_APPROLE_ROLE_ID = 'posture-demo-role-id';
export const DEMO_APPROLE_SECRET_ID = 'posture-demo-secret-id-NOT-A-SECRET';

interface Profile {
  expected: DemoSecretClass;
  ageDays: number;
  customMetadata: Record<string, string> | null;
}

/*
 * Cycled over the secrets in catalog order. Ages are picked well inside each band so the
 * grade does not flip when the demo runs for a few days.
 */
const PROFILES: Profile[] = [
  { expected: 'fresh', ageDays: 3, customMetadata: null },
  { expected: 'due-soon', ageDays: 82, customMetadata: null },
  { expected: 'overdue', ageDays: 200, customMetadata: null },
  { expected: 'fresh', ageDays: 12, customMetadata: { max_age: '30d' } },
  { expected: 'due-soon', ageDays: 79, customMetadata: { owner: 'platform' } },
  { expected: 'overdue', ageDays: 45, customMetadata: { max_age: '30d' } },
  {
    expected: 'fresh',
    ageDays: 120,
    customMetadata: { rotation_period: '180d' },
  },
  { expected: 'fresh', ageDays: 20, customMetadata: null },
];

/** Positions (in catalog order) of the one soft-deleted and the one destroyed current version. */
const DELETED_INDEX = 2;
const DESTROYED_INDEX = 6;

const FOLDER_SECRETS = ['api-key', 'db', 'signing-key'];

function secretValue(name: string, component: string, seed: string) {
  if (name.includes('db') || name.includes('redis') || name.includes('kafka')) {
    return {
      username: component.replace(/-/g, '_'),
      password: deterministicSecret(seed),
    };
  }
  if (name.includes('signing') || name.includes('jwt')) {
    return {
      private_key: `-----BEGIN PRIVATE KEY-----${deterministicSecret(
        seed,
        48,
      )}`,
    };
  }
  return { api_key: deterministicSecret(seed) };
}

/** Expands folders into 1-3 secrets, deterministically from the component name. */
function secretPathsOf(entry: VaultAnnotations): string[] {
  return entry.secretPaths.flatMap(p => {
    if (!p.endsWith('/')) return [p.replace(/^\/+/, '')];
    const hash = stableHash(entry.component);
    const count = 1 + (hash % 3);
    return Array.from(
      { length: count },
      (_, i) =>
        `${p.replace(/^\/+/, '')}${
          FOLDER_SECRETS[(hash + i) % FOLDER_SECRETS.length]
        }`,
    );
  });
}

function readerPolicy(
  kvMounts: string[],
  databaseMount: string,
): PolicyDefinition {
  const paths: PolicyDefinition['paths'] = {};
  for (const mount of kvMounts) paths[`${mount}/metadata/*`] = ['read', 'list'];
  paths[`${databaseMount}/static-roles/*`] = ['read', 'list'];
  paths[`${databaseMount}/static-roles`] = ['list'];
  return { name: 'posture-metadata-reader', paths };
}

/**
 * What the Posture provisioner identity may do, and nothing more: create KV v2 secrets and
 * their metadata under the given folders of one mount (update too, since a check-and-set write
 * on existing metadata is an update; `cas: 0` keeps it from adding a version), create (never
 * update) database static roles, and write read policies named `posture-secret-*`.
 */
export function provisionerPolicy(
  kvMount: string,
  pathPrefixes: string[],
  databaseMount: string,
): PolicyDefinition {
  const paths: PolicyDefinition['paths'] = {};
  for (const raw of pathPrefixes) {
    const prefix = raw.replace(/^\/+|\/+$/g, '');
    paths[`${kvMount}/data/${prefix}/*`] = ['create', 'update'];
    paths[`${kvMount}/metadata/${prefix}/*`] = ['create', 'read', 'update'];
  }
  paths[`${databaseMount}/static-roles/*`] = ['create', 'read'];
  paths[`sys/policies/acl/${PROVISIONED_POLICY_PREFIX}*`] = [
    'create',
    'read',
    'update',
  ];
  return { name: 'posture-provisioner', paths };
}

/**
 * Seeds secrets, static roles and access for the example catalog so that every secret-age
 * state appears: fresh, due soon, overdue (by default and by custom max_age), one deleted and
 * one destroyed current version. The same `now` gives the same state, values included.
 */
export function seedVaultDemo(
  state: VaultState,
  now: Date,
  options: DemoSeedOptions = {},
): DemoSeedResult {
  const catalog =
    options.catalogYaml !== undefined
      ? parseVaultAnnotations(options.catalogYaml)
      : readVaultAnnotations(options.catalogPath);
  const defaultMount = options.defaultKvMount ?? 'secret';
  const databaseMountName = options.databaseMount ?? 'database';
  const databaseMount = state.database.addMount(databaseMountName);

  const secrets: SeededSecret[] = [];
  const staticRoles: SeededStaticRole[] = [];
  let index = 0;
  for (const entry of catalog) {
    const mountName = entry.engine ?? defaultMount;
    const mount = state.kv.addMount(mountName);
    for (const secretPath of secretPathsOf(entry)) {
      const name = secretPath.split('/').pop() ?? secretPath;
      let profile = PROFILES[index % PROFILES.length];
      if (index === DELETED_INDEX) {
        profile = { expected: 'deleted', ageDays: 40, customMetadata: null };
      } else if (index === DESTROYED_INDEX) {
        profile = { expected: 'destroyed', ageDays: 150, customMetadata: null };
      }
      const versions = 1 + (stableHash(`${mountName}/${secretPath}`) % 3);
      const currentTime = addSeconds(now, -profile.ageDays * DAY_SECONDS);
      for (let v = 1; v <= versions; v++) {
        // Earlier versions 90 days apart, so the history looks like regular rotation.
        const created = addSeconds(
          currentTime,
          -(versions - v) * 90 * DAY_SECONDS,
        );
        mount.write(
          secretPath,
          secretValue(
            name,
            entry.component,
            `${mountName}/${secretPath}/v${v}`,
          ),
          { createdTime: created },
        );
      }
      if (profile.customMetadata) {
        mount.writeMetadata(secretPath, {
          customMetadata: profile.customMetadata,
        });
      }
      const secret = mount.get(secretPath)!;
      secret.updatedTime = currentTime;
      if (profile.expected === 'deleted') {
        mount.deleteVersions(
          secretPath,
          [versions],
          addSeconds(now, -2 * DAY_SECONDS),
        );
      } else if (profile.expected === 'destroyed') {
        mount.destroyVersions(secretPath, [versions]);
      }
      secrets.push({
        component: entry.component,
        mount: mountName,
        path: secretPath,
        expected: profile.expected,
        ageDays: profile.ageDays,
        customMetadata: profile.customMetadata,
        versions,
      });
      index++;
    }

    for (const roleName of entry.staticRoles) {
      const rotated = staticRoles.length % 2 === 0;
      const ageSeconds = rotated ? 2 * 3600 : 9 * DAY_SECONDS;
      databaseMount.putStaticRole(roleName, {
        username: roleName.replace(/-/g, '_'),
        dbName: `${entry.component}-postgres`,
        rotationPeriod: DAY_SECONDS,
        lastVaultRotation: addSeconds(now, -ageSeconds),
        password: deterministicSecret(`${databaseMountName}/${roleName}`),
      });
      staticRoles.push({
        component: entry.component,
        mount: databaseMountName,
        name: roleName,
        rotationPeriod: DAY_SECONDS,
        lastRotationAgeSeconds: ageSeconds,
        expected: rotated ? 'rotated' : 'overdue',
      });
    }
  }
  databaseMount.putDynamicRole('analytics-readonly', {
    dbName: 'warehouse-postgres',
  });

  const policy = readerPolicy(state.kv.names(), databaseMountName);
  state.policies.set(policy);
  const readerToken = options.readerToken ?? DEMO_READER_TOKEN;
  state.tokens.create({
    id: readerToken,
    policies: [policy.name],
    displayName: 'token-posture-reader',
    renewable: true,
    issuedAt: now,
  });
  const provisioner = provisionerPolicy(
    defaultMount,
    options.provisionerPathPrefixes ?? ['default/'],
    databaseMountName,
  );
  state.policies.set(provisioner);
  const provisionerToken = options.provisionerToken ?? DEMO_PROVISIONER_TOKEN;
  state.tokens.create({
    id: provisionerToken,
    policies: [provisioner.name],
    displayName: 'token-posture-provisioner',
    renewable: true,
    issuedAt: now,
  });
  state.auth.setKubernetesRole('posture', {
    jwts: [DEMO_KUBERNETES_JWT],
    policies: [policy.name],
    ttl: 3600,
    serviceAccountName: 'posture',
    serviceAccountNamespace: 'backstage',
  });
  state.auth.setAppRole('posture', {
    roleId: DEMO_APPROLE_ROLE_ID,
    secretIds: [DEMO_APPROLE_SECRET_ID],
    policies: [policy.name],
    ttl: 3600,
  });

  return {
    secrets,
    staticRoles,
    readerToken,
    readerPolicy: policy,
    provisionerToken,
    provisionerPolicy: provisioner,
    kubernetes: { role: 'posture', jwt: DEMO_KUBERNETES_JWT },
    approle: { roleId: DEMO_APPROLE_ROLE_ID, secretId: DEMO_APPROLE_SECRET_ID },
  };
}
