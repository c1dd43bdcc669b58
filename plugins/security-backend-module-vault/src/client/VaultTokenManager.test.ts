import { testClientConfig } from '../testing/clientConfig';
import FakeTimers from '@sinonjs/fake-timers';
import {
  startFakeVault,
  vaultErrors,
  type FakeVault,
  type FakeVaultAnswer,
  type FakeVaultRequest,
} from '../testing/fakeVault';
import { readVaultFixture } from '../__testUtils__/fixtures';
import type { VaultAuthConfig } from '../config';
import { VaultClient } from './VaultClient';

const metadata = readVaultFixture('kv2-read-secret-metadata.json');
const STATIC_TOKEN = 'hvs.STATIC-posture-token';
const SECRET_ID = 'b8d2f6c0-secret-id-value';

/**
 * A Vault that knows tokens: `auth/*` endpoints behave as scripted, other reads succeed only
 * with a live token (one it issued, or the static one) on a path the policy covers.
 */
function authVault(script: {
  lookup?: () => FakeVaultAnswer;
  renew?: (token: string) => FakeVaultAnswer;
  login?: (body: any) => FakeVaultAnswer;
  /** Paths the policy does not cover. */
  denied?: string[];
}) {
  const valid = new Set([STATIC_TOKEN]);
  let issued = 0;
  const refused: FakeVaultAnswer = {
    status: 403,
    body: readVaultFixture('derived/error-403-invalid-token.DERIVED.json'),
  };
  const handler = (req: FakeVaultRequest): FakeVaultAnswer => {
    const token = req.headers['x-vault-token'] as string | undefined;
    if (req.path === 'auth/token/lookup-self') {
      if (!token || !valid.has(token)) return refused;
      return (
        script.lookup?.() ?? { body: { data: { ttl: 0, renewable: false } } }
      );
    }
    if (req.path === 'auth/token/renew-self') {
      return (
        script.renew?.(token!) ?? {
          status: 403,
          body: vaultErrors('permission denied'),
        }
      );
    }
    if (req.path.endsWith('/login')) {
      const answer = script.login?.(req.body) ?? {
        body: { auth: { lease_duration: 60, renewable: true } },
      };
      const auth = (answer.body as any)?.auth;
      if (auth) {
        auth.client_token = `hvs.issued-${++issued}`;
        valid.add(auth.client_token);
      }
      return answer;
    }
    if (!token || !valid.has(token) || script.denied?.includes(req.path)) {
      return refused;
    }
    return { body: metadata };
  };
  /** Revokes a token early, as an operator might. */
  return Object.assign(handler, { revoke: (t: string) => valid.delete(t) });
}

describe('VaultTokenManager (through VaultClient)', () => {
  let vault: FakeVault | undefined;
  let client: VaultClient | undefined;
  // A clock of its own, not installed: only token expiry reads it.
  const clock = FakeTimers.createClock(Date.parse('2025-01-01T00:00:00Z'));

  afterEach(async () => {
    await client?.close();
    await vault?.close();
    client = vault = undefined;
  });

  async function setUp(
    handler: ReturnType<typeof authVault>,
    auth: VaultAuthConfig = { method: 'token', token: STATIC_TOKEN },
    readFile?: (path: string) => Promise<string>,
  ) {
    vault = await startFakeVault(handler);
    client = new VaultClient(testClientConfig(vault.baseUrl, { auth }), {
      now: () => clock.now,
      backoff: { baseMs: 2, maxMs: 2 },
      readFile,
    });
    return client;
  }

  const read = () => client!.readKvMetadata('secret', 'app/db');
  const authCalls = () => vault!.calls().filter(c => !c.includes('/metadata/'));
  const tokensUsed = () =>
    vault!.log
      .filter(r => r.path.includes('/metadata/'))
      .map(r => r.headers['x-vault-token']);

  describe('static token', () => {
    it('looks the token up once, then renews it at two thirds of its TTL', async () => {
      await setUp(
        authVault({
          lookup: () => ({
            body: { data: { ttl: 3600, creation_ttl: 3600, renewable: true } },
          }),
          renew: token => ({
            body: {
              auth: {
                client_token: token,
                lease_duration: 3600,
                renewable: true,
              },
            },
          }),
        }),
      );
      await read();
      clock.tick(2399_000);
      await read();
      expect(authCalls()).toEqual(['GET auth/token/lookup-self']);
      clock.tick(2_000);
      await read();
      expect(authCalls()).toEqual([
        'GET auth/token/lookup-self',
        'POST auth/token/renew-self',
      ]);
      // Renewed for another hour: nothing more until two thirds of it.
      clock.tick(2000_000);
      await read();
      expect(authCalls()).toHaveLength(2);
      expect(tokensUsed().every(t => t === STATIC_TOKEN)).toBe(true);
    });

    it('never renews a token without a TTL', async () => {
      await setUp(
        authVault({
          lookup: () => ({ body: { data: { ttl: 0, renewable: false } } }),
        }),
      );
      await read();
      clock.tick(5 * 365 * 86_400_000);
      await read();
      expect(authCalls()).toEqual(['GET auth/token/lookup-self']);
    });

    it('reports a clear error once a non-renewable token expires, without the token', async () => {
      await setUp(
        authVault({
          lookup: () => ({ body: { data: { ttl: 600, renewable: false } } }),
        }),
      );
      await read();
      clock.tick(600_000);
      const error = await read().catch(e => e);
      expect(error.kind).toBe('auth');
      expect(error.message).toMatch(
        /^the Vault token in security\.vault\.auth\.token expired at .* and cannot be renewed; configure a new token/,
      );
      expect(error.message).not.toContain(STATIC_TOKEN);
      // Nothing was sent with the expired token.
      expect(
        vault!.log.filter(r => r.path.includes('/metadata/')),
      ).toHaveLength(1);
    });

    it('keeps a token whose renewal is refused until it expires', async () => {
      await setUp(
        authVault({
          lookup: () => ({ body: { data: { ttl: 300, renewable: true } } }),
          renew: () => ({
            status: 403,
            body: vaultErrors('permission denied'),
          }),
        }),
      );
      await read();
      clock.tick(200_000);
      await read();
      clock.tick(50_000);
      await read();
      expect(authCalls()).toEqual([
        'GET auth/token/lookup-self',
        'POST auth/token/renew-self',
      ]);
      clock.tick(50_000);
      await expect(read()).rejects.toThrow(/expired/);
    });

    it('fails as authentication when the token is refused', async () => {
      await setUp(
        authVault({
          lookup: () => ({
            status: 403,
            body: readVaultFixture(
              'derived/error-403-invalid-token.DERIVED.json',
            ),
          }),
        }),
      );
      const error = await read().catch(e => e);
      expect(error.kind).toBe('auth');
      expect(error.message).toBe(
        'Vault refused the Posture token at auth/token/lookup-self (403): it is invalid, expired or revoked, or its policy lacks the "default" policy',
      );
    });
  });

  describe('approle', () => {
    const approle: VaultAuthConfig = {
      method: 'approle',
      roleId: 'posture-role-id',
      secretId: SECRET_ID,
      mountPath: 'approle',
    };

    it('logs in, renews, and logs in again when renewal is refused', async () => {
      let renewals = 0;
      await setUp(
        authVault({
          renew: token =>
            renewals++ === 0
              ? {
                  body: {
                    auth: {
                      client_token: token,
                      lease_duration: 60,
                      renewable: true,
                    },
                  },
                }
              : { status: 403, body: vaultErrors('permission denied') },
        }),
        approle,
      );
      await read();
      expect(vault!.log[0].body).toEqual({
        role_id: 'posture-role-id',
        secret_id: SECRET_ID,
      });
      clock.tick(40_000);
      await read();
      clock.tick(40_000);
      await read();
      expect(authCalls()).toEqual([
        'POST auth/approle/login',
        'POST auth/token/renew-self',
        'POST auth/token/renew-self',
        'POST auth/approle/login',
      ]);
      expect(tokensUsed()).toEqual([
        'hvs.issued-1',
        'hvs.issued-1',
        'hvs.issued-2',
      ]);
    });

    it('logs in again instead of renewing once the max TTL caps the lease', async () => {
      await setUp(
        authVault({
          renew: token => ({
            body: {
              auth: {
                client_token: token,
                lease_duration: 15,
                renewable: true,
              },
            },
          }),
        }),
        approle,
      );
      await read();
      clock.tick(40_000);
      await read(); // renewed, but only for 15 s of the 60 s asked
      clock.tick(10_000);
      await read();
      expect(authCalls()).toEqual([
        'POST auth/approle/login',
        'POST auth/token/renew-self',
        'POST auth/approle/login',
      ]);
    });

    it('logs in again when the token is not renewable', async () => {
      await setUp(
        authVault({
          login: () => ({
            body: { auth: { lease_duration: 30, renewable: false } },
          }),
        }),
        approle,
      );
      await read();
      clock.tick(20_000);
      await read();
      expect(authCalls()).toEqual([
        'POST auth/approle/login',
        'POST auth/approle/login',
      ]);
    });

    it('shares one login between concurrent requests', async () => {
      await setUp(authVault({}), approle);
      await Promise.all(Array.from({ length: 5 }, read));
      expect(authCalls()).toEqual(['POST auth/approle/login']);
    });

    it('reports a refused login without the secret id', async () => {
      await setUp(
        authVault({
          login: body => ({
            status: 400,
            body: vaultErrors(`invalid secret id ${body.secret_id}`),
          }),
        }),
        approle,
      );
      const error = await read().catch(e => e);
      expect(error.kind).toBe('auth');
      expect(error.message).toBe(
        'Vault rejected logging in with approle at auth/approle/login (400): invalid secret id [redacted]',
      );
    });

    it('wraps an unreachable login as an authentication failure', async () => {
      await setUp(
        authVault({
          login: () => ({ status: 500, body: vaultErrors('boom') }),
        }),
        approle,
      );
      const error = await read().catch(e => e);
      expect(error.kind).toBe('auth');
      expect(error.message).toBe(
        'Vault authentication failed: Vault failed (500) while logging in with approle at auth/approle/login: boom',
      );
    });
  });

  describe('a 403', () => {
    const approle: VaultAuthConfig = {
      method: 'approle',
      roleId: 'r',
      secretId: SECRET_ID,
      mountPath: 'approle',
    };

    it('from a revoked token logs in again and retries once', async () => {
      const handler = authVault({});
      await setUp(handler, approle);
      await read();
      handler.revoke('hvs.issued-1');
      await expect(read()).resolves.toMatchObject({ current_version: 3 });
      expect(vault!.calls()).toEqual([
        'POST auth/approle/login',
        'GET secret/metadata/app/db',
        'GET secret/metadata/app/db',
        'GET auth/token/lookup-self',
        'POST auth/approle/login',
        'GET secret/metadata/app/db',
      ]);
      expect(tokensUsed()).toEqual([
        'hvs.issued-1',
        'hvs.issued-1',
        'hvs.issued-2',
      ]);
    });

    it('shares the check between concurrent requests', async () => {
      const handler = authVault({});
      await setUp(handler, approle);
      await read();
      handler.revoke('hvs.issued-1');
      await Promise.all(Array.from({ length: 4 }, read));
      expect(authCalls()).toEqual([
        'POST auth/approle/login',
        'GET auth/token/lookup-self',
        'POST auth/approle/login',
      ]);
    });

    it('from a revoked static token fails as authentication', async () => {
      const handler = authVault({});
      await setUp(handler);
      await read();
      handler.revoke(STATIC_TOKEN);
      const error = await read().catch(e => e);
      expect(error.kind).toBe('auth');
      expect(error.message).toMatch(/invalid, expired or revoked/);
    });

    it('from the policy stays a permission error, checked once a minute', async () => {
      await setUp(
        authVault({
          denied: ['secret/metadata/app/db'],
          login: () => ({
            body: { auth: { lease_duration: 3600, renewable: true } },
          }),
        }),
        approle,
      );
      const first = await read().catch(e => e);
      expect(first.kind).toBe('permission-denied');
      await expect(read()).rejects.toMatchObject({ kind: 'permission-denied' });
      expect(authCalls()).toEqual([
        'POST auth/approle/login',
        'GET auth/token/lookup-self',
      ]);
      clock.tick(61_000);
      await expect(read()).rejects.toMatchObject({ kind: 'permission-denied' });
      expect(authCalls()).toEqual([
        'POST auth/approle/login',
        'GET auth/token/lookup-self',
        'GET auth/token/lookup-self',
      ]);
    });
  });

  describe('kubernetes', () => {
    const kubernetes: VaultAuthConfig = {
      method: 'kubernetes',
      role: 'posture',
      mountPath: 'k8s-prod',
      tokenPath: '/var/run/secrets/kubernetes.io/serviceaccount/token',
    };

    it('reads the service-account JWT at every login', async () => {
      const jwts = ['eyJ.first-jwt.sig\n', 'eyJ.second-jwt.sig'];
      const readFile = jest.fn(async () => jwts.shift()!);
      await setUp(
        authVault({
          login: () => ({
            body: { auth: { lease_duration: 60, renewable: false } },
          }),
        }),
        kubernetes,
        readFile,
      );
      await read();
      clock.tick(45_000);
      await read();
      expect(readFile).toHaveBeenCalledWith(kubernetes.tokenPath);
      expect(
        vault!.log
          .filter(r => r.path === 'auth/k8s-prod/login')
          .map(r => r.body),
      ).toEqual([
        { role: 'posture', jwt: 'eyJ.first-jwt.sig' },
        { role: 'posture', jwt: 'eyJ.second-jwt.sig' },
      ]);
    });

    it('names the token file when it cannot be read', async () => {
      const readFile = async () => {
        throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      };
      await setUp(authVault({}), kubernetes, readFile);
      const error = await read().catch(e => e);
      expect(error.kind).toBe('auth');
      expect(error.message).toBe(
        'cannot read the Kubernetes service-account token at /var/run/secrets/kubernetes.io/serviceaccount/token: ENOENT',
      );
      expect(vault!.log).toHaveLength(0);
    });
  });
});
