import { parseEntityRef } from '@backstage/catalog-model';
import type { SecretRequest } from '@posture/backstage-plugin-security-common';

/** What a manifest needs of a provisioned request: where the secret lives, and for whom. */
export type ManifestSource = Pick<
  SecretRequest,
  'entityRef' | 'kind' | 'name' | 'mount' | 'path' | 'policyName'
>;

/** One manifest to copy: what it is for, and its YAML. */
export interface SecretManifest {
  id: 'vault-secrets-operator' | 'external-secrets';
  title: string;
  yaml: string;
}

const DNS_LABEL_MAX = 63;

/**
 * The Kubernetes Secret (and custom resource) name: `<entity>-<secret>` as a DNS-1123 label,
 * since secret names may carry `_` and capitals and Kubernetes names may not.
 */
export function kubernetesName(source: ManifestSource): string {
  let entityName = source.entityRef;
  try {
    entityName = parseEntityRef(source.entityRef).name;
  } catch {
    // Not a ref: the backend sent something odd; the sanitising below still yields a name.
  }
  const name = `${entityName}-${source.name}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, DNS_LABEL_MAX)
    .replace(/^-+|-+$/g, '');
  return name || 'posture-secret';
}

/**
 * A YAML scalar for a value the backend sent. JSON strings are valid YAML double-quoted
 * scalars, so a path such as `no` or `1e3` stays a string and a newline cannot start a key.
 */
function scalar(value: string): string {
  return JSON.stringify(value);
}

/** Which Vault role the operator must log in with; the policy name quoted, so it cannot end the comment. */
function roleComment(source: ManifestSource, who: string): string {
  return source.policyName
    ? `# ${who} must log in with a Vault role that has the policy ${scalar(
        source.policyName,
      )}.`
    : `# ${who} must log in with the Vault role this service reads with.`;
}

function vaultSecretsOperator(source: ManifestSource): string {
  const name = kubernetesName(source);
  if (source.kind === 'database-role') {
    return [
      `# Vault Secrets Operator: keeps the Kubernetes Secret ${scalar(name)}`,
      '# holding the static role’s current username and password.',
      roleComment(source, 'Its VaultAuth'),
      'apiVersion: secrets.hashicorp.com/v1beta1',
      'kind: VaultDynamicSecret',
      'metadata:',
      `  name: ${name}`,
      'spec:',
      `  mount: ${scalar(source.mount)}`,
      `  path: ${scalar(`static-creds/${source.path}`)}`,
      '  allowStaticCreds: true',
      '  destination:',
      `    name: ${name}`,
      '    create: true',
      '',
    ].join('\n');
  }
  return [
    `# Vault Secrets Operator: syncs the KV secret into the Kubernetes Secret ${scalar(
      name,
    )}.`,
    roleComment(source, 'Its VaultAuth'),
    'apiVersion: secrets.hashicorp.com/v1beta1',
    'kind: VaultStaticSecret',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  type: kv-v2',
    `  mount: ${scalar(source.mount)}`,
    `  path: ${scalar(source.path)}`,
    '  refreshAfter: 1h',
    '  destination:',
    `    name: ${name}`,
    '    create: true',
    '',
  ].join('\n');
}

function externalSecrets(source: ManifestSource): string {
  const name = kubernetesName(source);
  if (source.kind === 'database-role') {
    // The operator's Vault provider reads only KV; other engines go through its generator.
    return [
      '# External Secrets Operator: a Vault generator reads the static role’s current',
      `# credentials into the Kubernetes Secret ${scalar(name)}.`,
      roleComment(source, 'The generator'),
      'apiVersion: generators.external-secrets.io/v1alpha1',
      'kind: VaultDynamicSecret',
      'metadata:',
      `  name: ${name}`,
      'spec:',
      '  method: GET',
      `  path: ${scalar(`${source.mount}/static-creds/${source.path}`)}`,
      '  provider:',
      '    server: https://vault.example.com # your Vault address, as the cluster reaches it',
      '    auth:',
      '      kubernetes:',
      '        mountPath: kubernetes',
      `        role: ${name} # the Vault role with the policy above`,
      '---',
      'apiVersion: external-secrets.io/v1',
      'kind: ExternalSecret',
      'metadata:',
      `  name: ${name}`,
      'spec:',
      '  refreshInterval: 1h',
      '  target:',
      `    name: ${name}`,
      '  dataFrom:',
      '    - sourceRef:',
      '        generatorRef:',
      '          apiVersion: generators.external-secrets.io/v1alpha1',
      '          kind: VaultDynamicSecret',
      `          name: ${name}`,
      '',
    ].join('\n');
  }
  return [
    `# External Secrets Operator: syncs the KV secret into the Kubernetes Secret ${scalar(
      name,
    )}.`,
    `# Its SecretStore "vault" has provider.vault.path ${scalar(
      source.mount,
    )} and version "v2".`,
    roleComment(source, 'It'),
    'apiVersion: external-secrets.io/v1',
    'kind: ExternalSecret',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  refreshInterval: 1h',
    '  secretStoreRef:',
    '    kind: SecretStore',
    '    name: vault',
    '  target:',
    `    name: ${name}`,
    '  dataFrom:',
    '    - extract:',
    `        key: ${scalar(source.path)}`,
    '',
  ].join('\n');
}

/**
 * How a service in Kubernetes reads a provisioned secret, with either operator: manifests
 * for the request's Vault path (KV) or static role (database), ready to copy. They name
 * the path only; the value stays in Vault.
 */
export function secretManifests(source: ManifestSource): SecretManifest[] {
  return [
    {
      id: 'vault-secrets-operator',
      title: 'Vault Secrets Operator',
      yaml: vaultSecretsOperator(source),
    },
    {
      id: 'external-secrets',
      title: 'External Secrets Operator',
      yaml: externalSecrets(source),
    },
  ];
}
