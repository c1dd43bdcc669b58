import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type {
  ProvisionedSecretLocation,
  SecretObservation,
} from '@posture/backstage-plugin-security-node';
import {
  createVaultStandIn,
  seedVaultDemo,
  type DemoSeedResult,
  type RunningServer,
  type VaultStandIn,
} from '@posture/dev-stand-ins';
import { VaultClient } from '../client';
import { VaultProvisionerClient } from '../provision/VaultProvisionerClient';
import { VaultSecretProvisioner } from '../provision/VaultSecretProvisioner';
import { testClientConfig } from '../testing/clientConfig';
import { VaultSecretsSource } from './VaultSecretsSource';

/*
 * The source reads the secrets Posture provisioned for an entity (the context's
 * provisionedSecrets) against the Vault stand-in: the provisioner writes them with its own
 * token, the source reads them with the metadata-only reader token, without any annotation.
 */

const ENTITY_REF = 'component:default/new-service';
const KV: ProvisionedSecretLocation = {
  engine: 'secret',
  path: 'default/new-service/stripe-key',
  kind: 'kv',
};
const ROLE: ProvisionedSecretLocation = {
  engine: 'database',
  path: 'new-service-reports',
  kind: 'database-static-role',
};

function entity(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'new-service', namespace: 'default', annotations },
    spec: {},
  };
}

describe('VaultSecretsSource with provisioned secrets, against the Vault stand-in', () => {
  let vault: VaultStandIn;
  let server: RunningServer;
  let seed: DemoSeedResult;
  const clients: Array<{ close(): Promise<void> }> = [];

  beforeEach(async () => {
    vault = createVaultStandIn();
    seed = seedVaultDemo(vault.state, vault.state.now());
    server = await vault.start();
    // Provisioned as an approval would: a KV secret rotated every 30 days, a role every 7.
    const writer = new VaultProvisionerClient(
      testClientConfig(server.url, {
        auth: { method: 'token', token: seed.provisionerToken },
      }),
    );
    clients.push(writer);
    const provisioner = new VaultSecretProvisioner({
      client: writer,
      config: {
        auth: { method: 'token', token: seed.provisionerToken },
        mounts: ['secret', 'database'],
        pathPrefixes: ['default/'],
        kvMount: 'secret',
        databaseMount: 'database',
        databaseName: 'payments-postgres',
        policyPrefix: 'posture-secret-',
        maxVersions: 10,
      },
      logger: mockServices.logger.mock(),
    });
    const request = {
      requestId: '5d0c1f8e-3b7a-4e52-9a61-0c2f4b7d9e13',
      entityRef: ENTITY_REF,
      ownerRef: 'group:default/team-a',
      serviceRole: 'new-service',
    };
    await provisioner.provision(
      { ...request, kind: 'kv', name: 'stripe-key', rotationPeriodDays: 30 },
      {},
    );
    await provisioner.provision(
      {
        ...request,
        requestId: '7a2e9c4b-1d6f-4b38-8e05-3f9a2c6d1b74',
        kind: 'database-role',
        name: 'reports',
        rotationPeriodDays: 7,
      },
      {},
    );
    vault.requestLog.clear();
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    await server.close();
  });

  function source() {
    const client = new VaultClient(
      testClientConfig(server.url, {
        auth: { method: 'token', token: seed.readerToken },
        retries: 1,
      }),
      { backoff: { baseMs: 1, maxMs: 1 } },
    );
    clients.push(client);
    return new VaultSecretsSource({
      client,
      kvMount: 'secret',
      databaseMount: 'database',
      defaultMaxAgeDays: 90,
    });
  }

  async function collect(
    annotations: Record<string, string>,
    provisionedSecrets: ProvisionedSecretLocation[],
  ): Promise<SecretObservation[]> {
    const result = await source().collect(entity(annotations), {
      signal: new AbortController().signal,
      provisionedSecrets,
    });
    if (result.kind !== 'secrets') throw new Error('not secrets');
    return result.items;
  }

  /** The reader's Vault requests for one path, e.g. `secret/metadata/default/...`. */
  const readsOf = (path: string) =>
    vault.requestLog.entries().filter(e => e.path === `/v1/${path}`);

  it('reads each provisioned secret of an entity without annotations, from metadata only', async () => {
    const s = source();
    expect(s.appliesTo(entity())).toBe(false);
    const items = await collect({}, [KV, ROLE]);

    expect(items).toEqual([
      {
        ...KV,
        currentVersion: 1,
        createdTime: expect.any(String),
        updatedTime: expect.any(String),
        // The rotation period the request asked for, from the secret's custom_metadata.
        maxAgeDays: 30,
        state: 'active',
        error: null,
      },
      {
        ...ROLE,
        currentVersion: null,
        // Vault sets the role's first password when it creates it.
        createdTime: expect.any(String),
        updatedTime: null,
        maxAgeDays: 7,
        state: 'active',
        error: null,
      },
    ]);
    const reads = vault.requestLog
      .entries()
      .filter(e => e.category !== 'health' && e.category !== 'auth');
    expect(reads.map(e => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'GET /v1/secret/metadata/default/new-service/stripe-key 200',
      'GET /v1/database/static-roles/new-service-reports 200',
    ]);
  });

  it('reads a secret both annotated and provisioned once, and one under an annotated folder is reported once', async () => {
    const direct = await collect(
      {
        'vault.io/secrets-path': KV.path,
        'posture.dev/vault-static-roles': ROLE.path,
      },
      [KV, ROLE],
    );
    expect(direct.map(i => i.path)).toEqual([KV.path, ROLE.path]);
    expect(readsOf(`secret/metadata/${KV.path}`)).toHaveLength(1);
    expect(readsOf(`database/static-roles/${ROLE.path}`)).toHaveLength(1);

    const listed = await collect(
      { 'vault.io/secrets-path': 'default/new-service/' },
      [KV],
    );
    expect(listed).toEqual([
      expect.objectContaining({ path: KV.path, state: 'active' }),
    ]);
  });

  it('reports a provisioned secret gone from Vault, or outside the metadata endpoints, in error state and reads the rest', async () => {
    const items = await collect({}, [
      KV,
      { engine: 'secret', path: 'default/new-service/removed', kind: 'kv' },
      { engine: 'secret', path: '../../sys/policies/acl/root', kind: 'kv' },
    ]);
    expect(items.map(i => [i.path, i.state])).toEqual([
      [KV.path, 'active'],
      ['default/new-service/removed', 'error'],
      ['../../sys/policies/acl/root', 'error'],
    ]);
    expect(items[1].error).toMatch(/not found|404/i);
    expect(items[2].error).toMatch(/^not read: /);
    // The path that would leave the metadata endpoints never reached Vault.
    expect(
      vault.requestLog.entries().filter(e => e.path.includes('sys/policies')),
    ).toEqual([]);
  });

  it('throws when Vault answers none of the provisioned reads, so the last data is kept as stale', async () => {
    vault.faults.set(`secret/metadata/${KV.path}`, {
      status: 503,
      times: 10,
    });
    vault.faults.set(`database/static-roles/${ROLE.path}`, {
      status: 503,
      times: 10,
    });
    await expect(collect({}, [KV, ROLE])).rejects.toThrow(
      /^Vault is unavailable: all 2 reads for component:default\/new-service failed/,
    );
  });
});
