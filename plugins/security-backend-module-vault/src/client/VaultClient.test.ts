import { testClientConfig } from '../testing/clientConfig';
import {
  startFakeVault,
  type FakeVault,
  type FakeVaultHandler,
} from '../testing/fakeVault';
import { readVaultFixture } from '../__testUtils__/fixtures';
import { VaultClient } from './VaultClient';
import { VaultPathError } from './vaultRoutes';

describe('VaultClient', () => {
  let vault: FakeVault | undefined;
  let client: VaultClient | undefined;

  afterEach(async () => {
    await client?.close();
    await vault?.close();
    client = vault = undefined;
  });

  async function setUp(handler: FakeVaultHandler) {
    vault = await startFakeVault(req =>
      req.path === 'auth/token/lookup-self'
        ? { body: readVaultFixture('auth-token-lookup-self.json') }
        : handler(req),
    );
    client = new VaultClient(testClientConfig(vault.baseUrl), {
      backoff: { baseMs: 2, maxMs: 2 },
    });
    return client;
  }

  describe('checkHealth', () => {
    it('accepts an active node', async () => {
      await setUp(() => ({ body: readVaultFixture('sys-health.json') }));
      await expect(client!.checkHealth()).resolves.toMatchObject({
        sealed: false,
        version: '0.9.2',
      });
      expect(vault!.log[0].query.get('standbyok')).toBe('true');
    });

    it.each([429, 472, 473])('accepts a standby answering %i', async status => {
      await setUp(() => ({
        status,
        body: readVaultFixture('sys-health-dr-secondary-enterprise.json'),
      }));
      await expect(client!.checkHealth()).resolves.toBeDefined();
    });

    it('accepts OpenBao', async () => {
      await setUp(() => ({
        body: readVaultFixture('openbao/sys-health.json'),
      }));
      await expect(client!.checkHealth()).resolves.toBeDefined();
    });

    it('throws when sealed, without retrying', async () => {
      await setUp(() => ({
        status: 503,
        body: { ...readVaultFixture('sys-health.json'), sealed: true },
      }));
      const error = await client!.checkHealth().catch(e => e);
      expect(error.kind).toBe('sealed');
      expect(error.message).toBe(
        'Vault is sealed or unavailable (sys/health answered 503)',
      );
      expect(vault!.log).toHaveLength(1);
    });

    it('throws when not initialised', async () => {
      await setUp(() => ({
        status: 501,
        body: { ...readVaultFixture('sys-health.json'), initialized: false },
      }));
      await expect(client!.checkHealth()).rejects.toThrow(
        'Vault is not initialised (sys/health answered 501)',
      );
    });
  });

  it('reads KV metadata with the fixture shape', async () => {
    await setUp(() => ({
      body: readVaultFixture('kv2-read-secret-metadata.json'),
    }));
    const metadata = await client!.readKvMetadata('secret', 'payments/db');
    expect(metadata.current_version).toBe(3);
    expect(metadata.versions?.['3']?.created_time).toBe(
      '2018-03-22T02:36:43.986212308Z',
    );
    expect(vault!.calls()).toEqual([
      'GET auth/token/lookup-self',
      'GET secret/metadata/payments/db',
    ]);
  });

  it('lists KV metadata', async () => {
    await setUp(() => ({ body: readVaultFixture('kv2-list-secrets.json') }));
    await expect(client!.listKvMetadata('secret', 'team/')).resolves.toEqual([
      'foo',
      'foo/',
    ]);
  });

  it('reads a static role with the fixture shape', async () => {
    await setUp(() => ({
      body: readVaultFixture('database-static-role.json'),
    }));
    await expect(
      client!.readStaticRole('database', 'static-user'),
    ).resolves.toMatchObject({
      rotation_period: '1h',
      username: 'static-user',
    });
    expect(vault!.calls()[1]).toBe('GET database/static-roles/static-user');
  });

  it('rejects an answer that is not metadata, without quoting it', async () => {
    // What a KV v1 mount would answer for `metadata/x`: a value, not metadata.
    await setUp(() => ({
      body: readVaultFixture('kv2-read-secret-version.json'),
    }));
    const error = await client!.readKvMetadata('kv1', 'x').catch(e => e);
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toBe(
      "Vault's answer for kv1/metadata/x is not what kv-metadata returns (data.current_version: Required)",
    );
    expect(error.message).not.toContain('bar');
  });

  it('refuses to build a value path before anything is sent', async () => {
    await setUp(() => ({ body: {} }));
    await expect(
      client!.readKvMetadata('secret/data', 'x'),
    ).rejects.toBeInstanceOf(VaultPathError);
    await expect(
      client!.readStaticRole('database', '../static-creds/x'),
    ).rejects.toBeInstanceOf(VaultPathError);
    await expect(
      client!.listKvMetadata('secret', '../../database/creds/'),
    ).rejects.toBeInstanceOf(VaultPathError);
    expect(vault!.calls()).toEqual([]);
  });

  it('has no method that could read a value', () => {
    const methods = Object.getOwnPropertyNames(VaultClient.prototype).filter(
      m => m !== 'constructor',
    );
    expect(methods.sort()).toEqual([
      'authenticated',
      'checkHealth',
      'close',
      'listKvMetadata',
      'readKvMetadata',
      'readStaticRole',
    ]);
  });
});
