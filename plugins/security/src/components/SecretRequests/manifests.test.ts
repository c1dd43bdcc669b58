import { kubernetesName, secretManifests } from './manifests';

const kv = {
  entityRef: 'component:default/payments',
  kind: 'kv' as const,
  name: 'stripe-api-key',
  mount: 'secret',
  path: 'default/payments/stripe-api-key',
  policyName: 'posture-default-payments-stripe-api-key',
};

const databaseRole = {
  entityRef: 'component:default/orders',
  kind: 'database-role' as const,
  name: 'app_user',
  mount: 'database',
  path: 'orders-app_user',
  policyName: 'posture-default-orders-app_user',
};

function manifest(
  source: Parameters<typeof secretManifests>[0],
  id: 'vault-secrets-operator' | 'external-secrets',
): string {
  return secretManifests(source).find(m => m.id === id)!.yaml;
}

describe('secretManifests', () => {
  it('reads a KV secret with a VaultStaticSecret for its mount and path', () => {
    expect(manifest(kv, 'vault-secrets-operator')).toBe(
      [
        '# Vault Secrets Operator: syncs the KV secret into the Kubernetes Secret "payments-stripe-api-key".',
        '# Its VaultAuth must log in with a Vault role that has the policy "posture-default-payments-stripe-api-key".',
        'apiVersion: secrets.hashicorp.com/v1beta1',
        'kind: VaultStaticSecret',
        'metadata:',
        '  name: payments-stripe-api-key',
        'spec:',
        '  type: kv-v2',
        '  mount: "secret"',
        '  path: "default/payments/stripe-api-key"',
        '  refreshAfter: 1h',
        '  destination:',
        '    name: payments-stripe-api-key',
        '    create: true',
        '',
      ].join('\n'),
    );
  });

  it('reads a KV secret with an ExternalSecret extracting its path from a KV v2 SecretStore on its mount', () => {
    const yaml = manifest(kv, 'external-secrets');

    expect(yaml).toContain(
      'apiVersion: external-secrets.io/v1\nkind: ExternalSecret',
    );
    expect(yaml).toContain(
      '# Its SecretStore "vault" has provider.vault.path "secret" and version "v2".\n# It must log in with a Vault role that has the policy "posture-default-payments-stripe-api-key".',
    );
    expect(yaml).toContain(
      '  dataFrom:\n    - extract:\n        key: "default/payments/stripe-api-key"\n',
    );
    expect(yaml).toContain('  target:\n    name: payments-stripe-api-key\n');
  });

  it('reads a database static role from static-creds with either operator', () => {
    const vso = manifest(databaseRole, 'vault-secrets-operator');
    expect(vso).toContain('kind: VaultDynamicSecret');
    expect(vso).toContain(
      '  mount: "database"\n  path: "static-creds/orders-app_user"\n  allowStaticCreds: true\n',
    );
    expect(vso).toContain('    name: orders-app-user\n');

    const eso = manifest(databaseRole, 'external-secrets');
    expect(eso).toContain(
      'apiVersion: generators.external-secrets.io/v1alpha1\nkind: VaultDynamicSecret',
    );
    expect(eso).toContain(
      '  method: GET\n  path: "database/static-creds/orders-app_user"\n',
    );
    expect(eso).toContain(
      '        generatorRef:\n          apiVersion: generators.external-secrets.io/v1alpha1\n          kind: VaultDynamicSecret\n          name: orders-app-user\n',
    );
  });

  it('keeps what the backend sent on one quoted line, so a hostile path or policy cannot add keys or end a comment', () => {
    const hostile = {
      ...kv,
      path: 'a\nspec: {}\n# b',
      mount: 'no',
      policyName: 'p"\nkind: Pod',
    };

    for (const { yaml } of secretManifests(hostile)) {
      expect(yaml).not.toMatch(/^spec: \{\}/m);
      expect(yaml).not.toMatch(/^kind: Pod/m);
      expect(yaml.match(/^kind: /gm)).toHaveLength(1);
    }
    expect(manifest(hostile, 'vault-secrets-operator')).toContain(
      '  mount: "no"\n  path: "a\\nspec: {}\\n# b"\n',
    );
  });

  it('says which role the service needs when the policy name is not known', () => {
    expect(
      manifest({ ...kv, policyName: null }, 'vault-secrets-operator'),
    ).toContain('must log in with the Vault role this service reads with.');
  });
});

describe('kubernetesName', () => {
  it('is the entity and secret name as a DNS-1123 label of at most 63 characters', () => {
    expect(kubernetesName(kv)).toBe('payments-stripe-api-key');
    expect(kubernetesName({ ...kv, name: 'DB_Password' })).toBe(
      'payments-db-password',
    );
    const long = kubernetesName({ ...kv, name: `${'x'.repeat(62)}_` });
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
  });
});
