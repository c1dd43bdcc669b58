import type { Entity } from '@backstage/catalog-model';
import {
  secretStatus,
  type SecretState,
} from '@posture/backstage-plugin-security-common';
import { VaultClient } from '../client';
import { testClientConfig } from '../testing/clientConfig';
import {
  startFakeVault,
  vaultErrors,
  type FakeVault,
  type FakeVaultHandler,
} from '../testing/fakeVault';
import { readVaultFixture } from '../__testUtils__/fixtures';
import { kvMetadata, kvVault } from '../testing/kvVault';
import { VaultSecretsSource } from './VaultSecretsSource';

const documented = readVaultFixture('kv2-read-secret-metadata.json').data;
const NOW = Date.parse('2025-06-01T00:00:00Z');

function entity(
  annotations: Record<string, string>,
  name = 'payment-gateway',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {},
  };
}

const signal = () => new AbortController().signal;

describe('VaultSecretsSource', () => {
  let vault: FakeVault | undefined;
  let client: VaultClient | undefined;

  afterEach(async () => {
    await client?.close();
    await vault?.close();
    client = vault = undefined;
  });

  async function source(
    handler: FakeVaultHandler,
    options: { retries?: number; healthCheckIntervalMs?: number } = {},
  ) {
    vault = await startFakeVault(handler);
    client = new VaultClient(
      testClientConfig(vault.baseUrl, { retries: options.retries ?? 1 }),
      { backoff: { baseMs: 2, maxMs: 2 } },
    );
    return new VaultSecretsSource({
      client,
      kvMount: 'secret',
      databaseMount: 'database',
      defaultMaxAgeDays: 90,
      healthCheckIntervalMs: options.healthCheckIntervalMs,
      now: () => NOW,
    });
  }

  const metadataCalls = () =>
    vault!
      .calls()
      .filter(c => !c.includes('sys/health') && !c.includes('lookup-self'));

  it('has id vault and applies to entities with secret paths or static roles', async () => {
    const s = await source(kvVault({}));
    expect(s.id).toBe('vault');
    expect(s.appliesTo(entity({ 'vault.io/secrets-path': 'a/b' }))).toBe(true);
    expect(
      s.appliesTo(entity({ 'posture.dev/vault-static-roles': 'db' })),
    ).toBe(true);
    expect(s.appliesTo(entity({ 'vault.io/secrets-path': ' , ' }))).toBe(false);
    expect(s.appliesTo(entity({ 'posture.dev/image': 'ghcr.io/acme/x' }))).toBe(
      false,
    );
  });

  it('maps the documented metadata response to an observation', async () => {
    const s = await source(
      kvVault({ kv: { 'secret/payments/payment-gateway/db': documented } }),
    );
    const result = await s.collect(
      entity({ 'vault.io/secrets-path': 'payments/payment-gateway/db' }),
      { signal: signal() },
    );
    expect(result).toEqual({
      kind: 'secrets',
      items: [
        {
          path: 'payments/payment-gateway/db',
          engine: 'secret',
          kind: 'kv',
          currentVersion: 3,
          createdTime: '2018-03-22T02:36:43.986212308Z',
          updatedTime: '2018-03-22T02:36:43.986212308Z',
          maxAgeDays: 90,
          state: 'active',
          error: null,
        },
      ],
    });
    // The backend derives the status from these facts: years past 90 days.
    expect(
      secretStatus(
        result.kind === 'secrets' ? result.items[0] : (null as never),
        new Date(NOW),
      ),
    ).toBe('overdue');
    expect(metadataCalls()).toEqual([
      'GET secret/metadata/payments/payment-gateway/db',
    ]);
  });

  it('reads each comma-separated path from the engine the entity names', async () => {
    const s = await source(
      kvVault({
        kv: {
          'kv-payments/ledger/db': kvMetadata('2025-05-01T00:00:00Z', {
            customMetadata: { max_age: '30d' },
          }),
          'kv-payments/ledger/api-key': kvMetadata('2025-05-20T00:00:00Z', {
            customMetadata: { rotation_period: '2160h' },
          }),
        },
      }),
    );
    const result = await s.collect(
      entity({
        'vault.io/secrets-path': 'ledger/db, /ledger/api-key',
        'vault.io/secrets-engine': 'kv-payments',
      }),
      { signal: signal() },
    );
    expect(
      result.kind === 'secrets' &&
        result.items.map(i => [i.engine, i.path, i.maxAgeDays]),
    ).toEqual([
      ['kv-payments', 'ledger/db', 30],
      ['kv-payments', 'ledger/api-key', 90],
    ]);
  });

  it('lists folders recursively and reads every leaf', async () => {
    const s = await source(
      kvVault({
        kv: {
          'secret/payments/ledger/db': kvMetadata('2025-05-01T00:00:00Z'),
          'secret/payments/ledger/api/stripe': kvMetadata(
            '2025-05-02T00:00:00Z',
          ),
          'secret/payments/ledger/api/deep/webhook': kvMetadata(
            '2025-05-03T00:00:00Z',
          ),
          'secret/payments/other/db': kvMetadata('2025-05-04T00:00:00Z'),
        },
      }),
    );
    const result = await s.collect(
      entity({ 'vault.io/secrets-path': 'payments/ledger/' }),
      { signal: signal() },
    );
    expect(result.kind === 'secrets' && result.items.map(i => i.path)).toEqual([
      'payments/ledger/api/deep/webhook',
      'payments/ledger/api/stripe',
      'payments/ledger/db',
    ]);
    expect(metadataCalls()).toEqual(
      expect.arrayContaining([
        'GET secret/metadata/payments/ledger/',
        'GET secret/metadata/payments/ledger/api/',
        'GET secret/metadata/payments/ledger/api/deep/',
        'GET secret/metadata/payments/ledger/db',
        'GET secret/metadata/payments/ledger/api/stripe',
        'GET secret/metadata/payments/ledger/api/deep/webhook',
      ]),
    );
    expect(metadataCalls()).toHaveLength(6);
    expect(
      vault!.log
        .filter(r => r.path.endsWith('/'))
        .every(r => r.query.get('list') === 'true'),
    ).toBe(true);
  });

  it('handles a key that is both a secret and a folder, as the list fixture shows', async () => {
    const s = await source(
      kvVault({
        override: req =>
          req.path === 'secret/metadata/team/'
            ? { body: readVaultFixture('kv2-list-secrets.json') }
            : undefined,
        kv: {
          'secret/team/foo': kvMetadata('2025-05-01T00:00:00Z'),
          'secret/team/foo/bar': kvMetadata('2025-05-01T00:00:00Z'),
        },
      }),
    );
    const result = await s.collect(
      entity({ 'vault.io/secrets-path': 'team/' }),
      {
        signal: signal(),
      },
    );
    expect(result.kind === 'secrets' && result.items.map(i => i.path)).toEqual([
      'team/foo',
      'team/foo/bar',
    ]);
  });

  it('reports deleted and destroyed current versions', async () => {
    const s = await source(
      kvVault({
        kv: {
          'secret/app/deleted': kvMetadata('2025-05-01T00:00:00Z', {
            version: { deletion_time: '2025-05-10T00:00:00Z' },
          }),
          'secret/app/destroyed': kvMetadata('2025-05-01T00:00:00Z', {
            version: { destroyed: true },
          }),
          'secret/app/live': kvMetadata('2025-05-01T00:00:00Z'),
        },
      }),
    );
    const result = await s.collect(
      entity({ 'vault.io/secrets-path': 'app/' }),
      {
        signal: signal(),
      },
    );
    const states =
      result.kind === 'secrets' ? result.items.map(i => [i.path, i.state]) : [];
    expect(states).toEqual([
      ['app/deleted', 'deleted'],
      ['app/destroyed', 'destroyed'],
      ['app/live', 'active'],
    ] as Array<[string, SecretState]>);
  });

  it('reads static roles from the database mount', async () => {
    const s = await source(
      kvVault({
        roles: {
          'database/ledger-db': {
            ...readVaultFixture('database-static-role.json').data,
            last_vault_rotation: '2025-05-31T12:00:00Z',
            rotation_period: 86400,
          },
          'database/docs-example': readVaultFixture('database-static-role.json')
            .data,
        },
      }),
    );
    const result = await s.collect(
      entity({ 'posture.dev/vault-static-roles': 'ledger-db,docs-example' }),
      { signal: signal() },
    );
    expect(result).toEqual({
      kind: 'secrets',
      items: [
        {
          path: 'ledger-db',
          engine: 'database',
          kind: 'database-static-role',
          currentVersion: null,
          createdTime: '2025-05-31T12:00:00Z',
          updatedTime: null,
          maxAgeDays: 1,
          state: 'active',
          error: null,
        },
        expect.objectContaining({
          path: 'docs-example',
          maxAgeDays: 1 / 24,
          createdTime: null,
        }),
      ],
    });
    expect(metadataCalls()).toEqual([
      'GET database/static-roles/ledger-db',
      'GET database/static-roles/docs-example',
    ]);
  });

  it('reports a failing path in error state and keeps reading the others', async () => {
    const s = await source(
      kvVault({
        kv: {
          'secret/app/ok': kvMetadata('2025-05-01T00:00:00Z'),
          'secret/app/forbidden': kvMetadata('2025-05-01T00:00:00Z'),
          'secret/app/busy': kvMetadata('2025-05-01T00:00:00Z'),
        },
        override: req => {
          if (req.path === 'secret/metadata/app/forbidden') {
            return {
              status: 403,
              body: readVaultFixture(
                'derived/error-403-policy-denied.DERIVED.json',
              ),
            };
          }
          if (req.path === 'secret/metadata/app/busy') {
            return {
              status: 429,
              body: vaultErrors('rate limit quota exceeded'),
            };
          }
          if (req.path === 'database/static-roles/gone-db') {
            return {
              status: 404,
              body: readVaultFixture(
                'derived/error-404-not-found.DERIVED.json',
              ),
            };
          }
          return undefined;
        },
      }),
    );
    const result = await s.collect(
      entity({
        'vault.io/secrets-path':
          'app/forbidden,app/ok,app/missing,app/busy,missing-folder/',
        'posture.dev/vault-static-roles': 'gone-db',
      }),
      { signal: signal() },
    );
    const items = result.kind === 'secrets' ? result.items : [];
    expect(items.map(i => [i.path, i.state, i.error])).toEqual([
      [
        'app/forbidden',
        'error',
        "permission denied: the Posture token's policy does not allow reading metadata at secret/metadata/app/forbidden",
      ],
      ['app/ok', 'active', null],
      [
        'app/missing',
        'error',
        'not found in Vault: secret/metadata/app/missing',
      ],
      [
        'app/busy',
        'error',
        'Vault rate limited reading metadata at secret/metadata/app/busy (429)',
      ],
      [
        'missing-folder/',
        'error',
        'not found in Vault: secret/metadata/missing-folder/',
      ],
      ['gone-db', 'error', 'not found in Vault: database/static-roles/gone-db'],
    ]);
    expect(items[0]).toEqual({
      path: 'app/forbidden',
      engine: 'secret',
      kind: 'kv',
      currentVersion: null,
      createdTime: null,
      updatedTime: null,
      maxAgeDays: null,
      state: 'error',
      error: expect.any(String),
    });
    expect(items[5].kind).toBe('database-static-role');
  });

  it('reports a path that would leave the metadata endpoints without calling Vault', async () => {
    const s = await source(
      kvVault({
        kv: {
          'secret/data/event-ingest/kafka': kvMetadata('2025-05-01T00:00:00Z'),
        },
      }),
    );
    const result = await s.collect(
      entity({
        // The first is a real example-catalog path: a team called "data".
        'vault.io/secrets-path': 'data/event-ingest/kafka,../data/x',
        'posture.dev/vault-static-roles': '../creds/readonly',
      }),
      { signal: signal() },
    );
    const items = result.kind === 'secrets' ? result.items : [];
    expect(items.map(i => [i.path, i.state])).toEqual([
      ['data/event-ingest/kafka', 'active'],
      ['../data/x', 'error'],
      ['../creds/readonly', 'error'],
    ]);
    expect(items[1].error).toMatch(/^not read: invalid secret path/);
    expect(metadataCalls()).toEqual([
      'GET secret/metadata/data/event-ingest/kafka',
    ]);
  });

  it('reads a secret named both directly and under a listed folder once', async () => {
    const s = await source(
      kvVault({ kv: { 'secret/app/db': kvMetadata('2025-05-01T00:00:00Z') } }),
    );
    const result = await s.collect(
      entity({ 'vault.io/secrets-path': 'app/,app/db' }),
      {
        signal: signal(),
      },
    );
    expect(result.kind === 'secrets' && result.items.map(i => i.path)).toEqual([
      'app/db',
    ]);
  });

  it('throws when Vault is sealed', async () => {
    const s = await source(req =>
      req.path === 'sys/health'
        ? { status: 503, body: { initialized: true, sealed: true } }
        : { status: 503, body: vaultErrors('Vault is sealed') },
    );
    await expect(
      s.collect(entity({ 'vault.io/secrets-path': 'app/db' }), {
        signal: signal(),
      }),
    ).rejects.toThrow(
      'Vault is sealed or unavailable (sys/health answered 503)',
    );
    expect(metadataCalls()).toEqual([]);
  });

  it('throws when Vault cannot be reached', async () => {
    vault = await startFakeVault(() => ({}));
    const baseUrl = vault.baseUrl;
    await vault.close();
    vault = undefined;
    client = new VaultClient(testClientConfig(baseUrl, { retries: 0 }));
    const s = new VaultSecretsSource({
      client,
      kvMount: 'secret',
      databaseMount: 'database',
      defaultMaxAgeDays: 90,
    });
    await expect(
      s.collect(entity({ 'vault.io/secrets-path': 'app/db' }), {
        signal: signal(),
      }),
    ).rejects.toThrow(/cannot reach Vault at .*ECONNREFUSED/);
  });

  it('throws when authentication fails, and stops reading', async () => {
    const s = await source(
      kvVault({
        override: req =>
          req.path === 'auth/token/lookup-self'
            ? {
                status: 403,
                body: readVaultFixture(
                  'derived/error-403-invalid-token.DERIVED.json',
                ),
              }
            : undefined,
      }),
    );
    await expect(
      s.collect(entity({ 'vault.io/secrets-path': 'a,b,c,d,e,f' }), {
        signal: signal(),
      }),
    ).rejects.toMatchObject({ kind: 'auth' });
    expect(metadataCalls()).toEqual([]);
  });

  it('throws when every read failed for want of an answer', async () => {
    const s = await source(
      kvVault({
        override: req =>
          req.path.includes('/metadata/') || req.path.includes('/static-roles/')
            ? { status: 502, body: vaultErrors('upstream connect error') }
            : undefined,
      }),
    );
    const error = await s
      .collect(
        entity({
          'vault.io/secrets-path': 'app/a,app/b,folder/',
          'posture.dev/vault-static-roles': 'db',
        }),
        { signal: signal() },
      )
      .catch(e => e);
    expect(error.kind).toBe('server');
    expect(error.message).toBe(
      'Vault is unavailable: all 4 reads for component:default/payment-gateway failed; the first: Vault failed (502) while reading metadata at secret/metadata/app/a: upstream connect error',
    );
  });

  it('does not throw when only some reads failed for want of an answer', async () => {
    const s = await source(
      kvVault({
        kv: { 'secret/app/a': kvMetadata('2025-05-01T00:00:00Z') },
        override: req =>
          req.path === 'secret/metadata/app/b'
            ? { status: 504, body: vaultErrors('timeout') }
            : undefined,
      }),
    );
    const result = await s.collect(
      entity({ 'vault.io/secrets-path': 'app/a,app/b' }),
      {
        signal: signal(),
      },
    );
    expect(result.kind === 'secrets' && result.items.map(i => i.state)).toEqual(
      ['active', 'error'],
    );
  });

  it('checks health once per interval, not per entity', async () => {
    const s = await source(
      kvVault({ kv: { 'secret/app/a': kvMetadata('2025-05-01T00:00:00Z') } }),
      {
        healthCheckIntervalMs: 60_000,
      },
    );
    for (const name of ['one', 'two', 'three']) {
      await s.collect(entity({ 'vault.io/secrets-path': 'app/a' }, name), {
        signal: signal(),
      });
    }
    expect(vault!.calls().filter(c => c.includes('sys/health'))).toHaveLength(
      1,
    );
  });

  it('honours the signal', async () => {
    const controller = new AbortController();
    const s = await source(
      kvVault({
        // Cancelled while the metadata reads hang, as a scheduler timeout would.
        override: req => {
          if (!req.path.includes('/metadata/')) return undefined;
          controller.abort(new Error('task cancelled'));
          return { hang: true };
        },
      }),
    );
    const pending = s.collect(entity({ 'vault.io/secrets-path': 'a,b,c' }), {
      signal: controller.signal,
    });
    await expect(pending).rejects.toThrow('task cancelled');
  });
});
