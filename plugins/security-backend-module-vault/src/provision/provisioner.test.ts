import { randomBytes } from 'crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  SecretProvisioningError,
  type SecretProvisioningRequest,
} from '@posture/backstage-plugin-security-node';
import {
  createVaultStandIn,
  parsePolicyText,
  seedVaultDemo,
  type DemoSeedResult,
  type RunningServer,
  type VaultStandIn,
} from '@posture/dev-stand-ins';
import { testClientConfig } from '../testing/clientConfig';
import type { VaultProvisionerConfig } from './provisionerConfig';
import { VaultProvisionerClient } from './VaultProvisionerClient';
import { VaultSecretProvisioner } from './VaultSecretProvisioner';

/*
 * The provisioner against the Vault stand-in of @posture/dev-stand-ins, seeded for the demo:
 * it writes with the seeded provisioner token, whose policy allows exactly what the
 * provisioner needs, and the stand-in's state and request log show what happened.
 */

const CONFIG: VaultProvisionerConfig = {
  auth: { method: 'token', token: 'set in beforeEach' },
  mounts: ['secret', 'database'],
  pathPrefixes: ['default/'],
  kvMount: 'secret',
  databaseMount: 'database',
  databaseName: 'payments-postgres',
  policyPrefix: 'posture-secret-',
  maxVersions: 10,
};

const KV_REQUEST: SecretProvisioningRequest = {
  requestId: '0b4f6c1e-8f7a-4c39-9b1e-2d3c4b5a6f70',
  entityRef: 'component:default/payment-gateway',
  ownerRef: 'group:default/team-payments',
  kind: 'kv',
  name: 'stripe-webhook-key',
  rotationPeriodDays: 30,
  serviceRole: 'payment-gateway',
};
const KV_PATH = 'default/payment-gateway/stripe-webhook-key';

/** Everything logged, meta included, to search for the value. */
function recordingLogger() {
  const lines: string[] = [];
  const record = (level: string) => (message: string, meta?: unknown) => {
    lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
  };
  const logger: LoggerService = {
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    debug: record('debug'),
    child: () => logger,
  };
  return { logger, lines };
}

describe('VaultSecretProvisioner against the Vault stand-in', () => {
  let vault: VaultStandIn;
  let server: RunningServer;
  let seed: DemoSeedResult;
  let log: ReturnType<typeof recordingLogger>;
  let values: string[];
  /** The next generated value, when a test must know it in advance. */
  let nextValue: string | undefined;
  let client: VaultProvisionerClient;

  function provisionerWith(
    overrides: Partial<VaultProvisionerConfig> = {},
    token = seed.provisionerToken,
  ) {
    client = new VaultProvisionerClient(
      testClientConfig(server.url, {
        auth: { method: 'token', token },
        retries: 1,
      }),
      { logger: log.logger, backoff: { baseMs: 1, maxMs: 1 } },
    );
    return new VaultSecretProvisioner({
      client,
      config: { ...CONFIG, ...overrides, auth: { method: 'token', token } },
      logger: log.logger,
      generateValue: () => {
        const value = nextValue ?? randomBytes(32).toString('base64url');
        values.push(value);
        return value;
      },
    });
  }

  const kv = () => vault.state.kv.mount('secret');
  const dataWrites = () =>
    vault.requestLog
      .entries()
      .filter(e => e.method !== 'GET' && e.path.startsWith('/v1/secret/data/'));

  beforeEach(async () => {
    vault = createVaultStandIn();
    seed = seedVaultDemo(vault.state, vault.state.now());
    server = await vault.start();
    log = recordingLogger();
    values = [];
    nextValue = undefined;
  });

  afterEach(async () => {
    await client?.close();
    await server.close();
  });

  /** The generated values appear in the stand-in and nowhere else. */
  function expectValuesOnlyInVault(...elsewhere: unknown[]) {
    expect(values.length).toBeGreaterThan(0);
    const text = JSON.stringify([
      log.lines,
      elsewhere.map(e =>
        e instanceof Error ? { ...e, message: e.message, stack: e.stack } : e,
      ),
    ]);
    for (const value of values) expect(text).not.toContain(value);
  }

  describe('kv', () => {
    it('writes exactly one version, its metadata and a policy that reads that path only', async () => {
      const provisioner = provisionerWith();
      const result = await provisioner.provision(KV_REQUEST, {});

      expect(result).toEqual({
        mount: 'secret',
        path: KV_PATH,
        version: 1,
        policyName: expect.stringMatching(
          /^posture-secret-kv-default-payment-gateway-stripe-webhook-key-[0-9a-f]{10}$/,
        ),
      });
      const secret = kv().get(KV_PATH)!;
      expect(secret.currentVersion).toBe(1);
      expect([...secret.versions.keys()]).toEqual([1]);
      expect(values).toHaveLength(1);
      expect(secret.versions.get(1)!.data).toEqual({ value: values[0] });
      expect(values[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(secret.customMetadata).toEqual({
        owner: 'group:default/team-payments',
        request_id: KV_REQUEST.requestId,
        rotation_period_days: '30',
        rotation_period: '30d',
      });
      expect(secret.maxVersions).toBe(10);
      expect(secret.casRequired).toBe(true);

      const policy = vault.state.policies.get(result.policyName)!;
      expect(parsePolicyText(policy.name, policy.raw!).paths).toEqual({
        [`secret/data/${KV_PATH}`]: ['read'],
      });
      expect(policy.raw).toContain('Vault role payment-gateway');

      // The provisioner never read a value back.
      expect(
        vault.requestLog
          .entries()
          .filter(e => e.method === 'GET' && e.category === 'data'),
      ).toEqual([]);
      // The service's token with that policy reads its secret and nothing beside it.
      const service = vault.state.tokens.create({
        policies: [result.policyName],
      }).id;
      const read = (path: string) =>
        fetch(`${server.url}/v1/${path}`, {
          headers: { 'X-Vault-Token': service },
        });
      expect((await read(`secret/data/${KV_PATH}`)).status).toBe(200);
      expect(
        (await read('secret/data/default/payment-gateway/other')).status,
      ).toBe(403);
      expect((await read(`secret/metadata/${KV_PATH}`)).status).toBe(403);

      expectValuesOnlyInVault(result);
    });

    it('recognises its own earlier write when called again: no second version, no second write', async () => {
      const provisioner = provisionerWith();
      const first = await provisioner.provision(KV_REQUEST, {});
      const again = await provisioner.provision(KV_REQUEST, {});
      expect(again).toEqual(first);
      expect(kv().get(KV_PATH)!.currentVersion).toBe(1);
      expect(dataWrites()).toHaveLength(1);
      expect(values).toHaveLength(1);
    });

    it("refuses a path that holds another request's secret, changing nothing", async () => {
      const provisioner = provisionerWith();
      await provisioner.provision(KV_REQUEST, {});
      const other = { ...KV_REQUEST, requestId: 'another-request' };
      const error = await provisioner.provision(other, {}).catch(e => e);
      expect(error).toBeInstanceOf(SecretProvisioningError);
      expect(error.retryable).toBe(false);
      expect(error.message).toBe(
        `a secret already exists at secret/${KV_PATH} and was not created by this request; request another name`,
      );
      const secret = kv().get(KV_PATH)!;
      expect(secret.currentVersion).toBe(1);
      expect(secret.customMetadata?.request_id).toBe(KV_REQUEST.requestId);
    });

    it('takes the check-and-set refusal of a lost answer as its own write when the metadata says so', async () => {
      const provisioner = provisionerWith();
      // An earlier attempt wrote metadata and the value, but its answer never arrived.
      kv().writeMetadata(KV_PATH, {
        customMetadata: { request_id: KV_REQUEST.requestId },
      });
      // The metadata read sees no version yet; the value lands just before our write.
      vault.faults.set(`secret/metadata/${KV_PATH}`, {
        status: 404,
        methods: ['GET'],
        times: 1,
      });
      kv().write(KV_PATH, { value: 'from-the-lost-attempt' });
      const result = await provisioner.provision(KV_REQUEST, {});
      expect(result.version).toBe(1);
      expect(kv().get(KV_PATH)!.currentVersion).toBe(1);
      expect(kv().get(KV_PATH)!.versions.get(1)!.data).toEqual({
        value: 'from-the-lost-attempt',
      });
    });
  });

  describe('database-role', () => {
    it('creates the static role with its rotation period and a policy for its credentials only', async () => {
      const provisioner = provisionerWith();
      const result = await provisioner.provision(
        {
          ...KV_REQUEST,
          kind: 'database-role',
          name: 'reports',
          rotationPeriodDays: 7,
        },
        {},
      );
      expect(result).toEqual({
        mount: 'database',
        path: 'payment-gateway-reports',
        version: null,
        policyName: expect.stringMatching(
          /^posture-secret-db-payment-gateway-reports-[0-9a-f]{10}$/,
        ),
      });
      const role = vault.state.database
        .mount('database')
        .staticRoles.get('payment-gateway-reports')!;
      expect(role).toMatchObject({
        username: 'payment_gateway_reports',
        dbName: 'payments-postgres',
        rotationPeriod: 7 * 86_400,
      });
      const policy = vault.state.policies.get(result.policyName)!;
      expect(parsePolicyText(policy.name, policy.raw!).paths).toEqual({
        'database/static-creds/payment-gateway-reports': ['read'],
      });
      // Again: the role is recognised, not rewritten.
      await provisioner.provision(
        {
          ...KV_REQUEST,
          kind: 'database-role',
          name: 'reports',
          rotationPeriodDays: 7,
        },
        {},
      );
      expect(
        vault.requestLog
          .entries()
          .filter(
            e => e.method === 'POST' && e.path.includes('/static-roles/'),
          ),
      ).toHaveLength(1);
    });

    it('refuses a role name held by another database user', async () => {
      const provisioner = provisionerWith();
      const error = await provisioner
        .provision(
          {
            ...KV_REQUEST,
            entityRef: 'component:default/ledger',
            kind: 'database-role',
            name: 'db',
          },
          {},
        )
        .catch(e => e);
      expect(error).toMatchObject({
        retryable: false,
        message:
          'a static role database/static-roles/ledger-db already exists for another database user; request another name',
      });
    });
  });

  describe('refusals before Vault is called', () => {
    it.each([
      [
        'a namespace outside the path prefixes',
        { entityRef: 'component:payments/checkout-api' },
        {},
        'secret/payments/checkout-api/stripe-webhook-key is outside security.vault.provisioner.pathPrefixes (default/)',
      ],
      [
        'a KV mount outside the mounts',
        {},
        { mounts: ['database'] },
        'the KV mount "secret" is not in security.vault.provisioner.mounts',
      ],
      [
        'a database mount outside the mounts',
        { kind: 'database-role' as const },
        { mounts: ['secret'] },
        'the database mount "database" is not in security.vault.provisioner.mounts',
      ],
      [
        'a name with a separator',
        { name: '../sys' },
        {},
        'Secret name "../sys" is not 1 to 64 letters, digits, - or _',
      ],
      [
        'a database role without a database connection',
        { kind: 'database-role' as const },
        { databaseName: undefined },
        'database roles need security.vault.provisioner.databaseName (the database connection in Vault)',
      ],
    ])('refuses %s', async (_what, change, config, message) => {
      const provisioner = provisionerWith(config);
      const error = await provisioner
        .provision({ ...KV_REQUEST, ...change }, {})
        .catch(e => e);
      expect(error).toBeInstanceOf(SecretProvisioningError);
      expect(error).toMatchObject({ message, retryable: false });
      expect(vault.requestLog.entries()).toEqual([]);
    });

    it('describes the location without calling Vault, and refuses the same way', () => {
      const provisioner = provisionerWith();
      expect(provisioner.describe(KV_REQUEST)).toEqual({
        mount: 'secret',
        path: KV_PATH,
      });
      expect(() =>
        provisioner.describe({
          ...KV_REQUEST,
          entityRef: 'component:team-x/app',
        }),
      ).toThrow(SecretProvisioningError);
      // As the request form derives it: the catalog compares refs without regard to case.
      expect(
        provisioner.describe({
          ...KV_REQUEST,
          entityRef: 'Component:Default/Payment-Gateway',
        }),
      ).toEqual({ mount: 'secret', path: KV_PATH });
      expect(
        provisioner.describe({ ...KV_REQUEST, kind: 'database-role' }),
      ).toEqual({
        mount: 'database',
        path: 'payment-gateway-stripe-webhook-key',
      });
      expect(vault.requestLog.entries()).toEqual([]);
    });
  });

  describe('failures', () => {
    it.each([
      ['the value write', 'secret/data/', ['POST']],
      ['the policy write', 'sys/policies/acl/', ['PUT']],
      ['the metadata write', 'secret/metadata/', ['POST']],
    ])(
      'fails retryably while %s answers 503, then a retry succeeds with exactly one version',
      async (_what, prefix, methods) => {
        const provisioner = provisionerWith();
        vault.faults.set(prefix, { status: 503, methods });
        const error = await provisioner.provision(KV_REQUEST, {}).catch(e => e);
        expect(error).toBeInstanceOf(SecretProvisioningError);
        expect(error.retryable).toBe(true);
        expect(error.message).toMatch(
          new RegExp(
            `^Vault provisioning of secret/${KV_PATH} failed: Vault is sealed or unavailable \\(503\\)`,
          ),
        );

        vault.faults.clear();
        const result = await provisioner.provision(KV_REQUEST, {});
        expect(result.version).toBe(1);
        const secret = kv().get(KV_PATH)!;
        expect(secret.currentVersion).toBe(1);
        expect([...secret.versions.keys()]).toEqual([1]);
        expect(secret.customMetadata?.request_id).toBe(KV_REQUEST.requestId);
        expect(vault.state.policies.get(result.policyName)).toBeDefined();
        expectValuesOnlyInVault(error, result);
      },
    );

    it('fails retryably on a 500 and says what Vault said', async () => {
      const provisioner = provisionerWith();
      vault.faults.set('secret/data/', { status: 500, methods: ['POST'] });
      const error = await provisioner.provision(KV_REQUEST, {}).catch(e => e);
      expect(error).toMatchObject({
        retryable: true,
        message: `Vault provisioning of secret/${KV_PATH} failed: Vault failed (500) while creating the secret at secret/data/${KV_PATH}: internal error`,
      });
    });

    it('fails for good (not retryable) when its token lacks the policy, naming what was denied', async () => {
      const provisioner = provisionerWith({}, seed.readerToken);
      const error = await provisioner.provision(KV_REQUEST, {}).catch(e => e);
      expect(error).toMatchObject({
        retryable: false,
        message: `Vault provisioning of secret/${KV_PATH} failed: permission denied: the Posture provisioner token's policy does not allow writing metadata at secret/metadata/${KV_PATH}`,
      });
      expect(kv().get(KV_PATH)).toBeUndefined();
    });

    it('keeps the value out of logs and errors even when Vault echoes it back', async () => {
      const provisioner = provisionerWith();
      // The next generated value is known in advance, so the fault can echo it.
      const echo = randomBytes(32).toString('base64url');
      nextValue = echo;
      vault.faults.set('secret/data/', {
        status: 500,
        methods: ['POST'],
        errors: [`cannot store value ${echo}`],
      });
      const error = await provisioner.provision(KV_REQUEST, {}).catch(e => e);
      expect(error.message).toContain('cannot store value [redacted]');
      // The retry inside the client logged the echo too, redacted.
      expect(log.lines.some(l => l.includes('[redacted]'))).toBe(true);
      expectValuesOnlyInVault(error);
    });
  });
});
