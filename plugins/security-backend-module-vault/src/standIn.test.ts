import type { Entity } from '@backstage/catalog-model';
import {
  secretStatus,
  type SecretStatus,
} from '@posture/backstage-plugin-security-common';
import type { SecretObservation } from '@posture/backstage-plugin-security-node';
import {
  classifyPath,
  createVaultStandIn,
  readVaultAnnotations,
  seedVaultDemo,
  type DemoSeedResult,
  type RunningServer,
  type VaultStandIn,
} from '@posture/dev-stand-ins';
import { VaultClient } from './client';
import { VaultSecretsSource } from './collect';
import type { VaultAuthConfig } from './config';

/**
 * Against the Vault stand-in of @posture/dev-stand-ins: the demo catalog's secrets seeded
 * with every age state, one frozen clock shared by Vault and Posture, and the stand-in's
 * request log to prove which endpoints were called.
 */

const START = Date.parse('2025-06-01T12:00:00.000Z');

/** One clock for both sides, so token expiry agrees. */
function sharedClock() {
  let now = START;
  const clock = { now: () => now };
  return {
    clock,
    date: () => new Date(now),
    advanceSeconds: (s: number) => {
      now += s * 1000;
    },
  };
}

function entities(): Entity[] {
  return readVaultAnnotations().map(a => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: a.component,
      namespace: 'default',
      annotations: {
        ...(a.secretPaths.length
          ? { 'vault.io/secrets-path': a.secretPaths.join(',') }
          : {}),
        ...(a.engine ? { 'vault.io/secrets-engine': a.engine } : {}),
        ...(a.staticRoles.length
          ? { 'posture.dev/vault-static-roles': a.staticRoles.join(',') }
          : {}),
      },
    },
    spec: {},
  }));
}

const EXPECTED_STATUS: Record<string, SecretStatus> = {
  fresh: 'ok',
  'due-soon': 'due-soon',
  overdue: 'overdue',
  deleted: 'deleted',
  destroyed: 'deleted',
};

describe('against the Vault stand-in', () => {
  let standIn: VaultStandIn;
  let server: RunningServer;
  let seed: DemoSeedResult;
  let time: ReturnType<typeof sharedClock>;
  let client: VaultClient | undefined;

  beforeEach(async () => {
    time = sharedClock();
    standIn = createVaultStandIn({ now: time.date });
    seed = seedVaultDemo(standIn.state, time.date());
    server = await standIn.start(0, '127.0.0.1');
  });

  afterEach(async () => {
    await client?.close();
    client = undefined;
    await server.close();
  });

  function source(
    auth: VaultAuthConfig = { method: 'token', token: seed.readerToken },
    options: {
      retries?: number;
      readFile?: (p: string) => Promise<string>;
    } = {},
  ) {
    client = new VaultClient(
      {
        baseUrl: server.url,
        auth,
        concurrency: 4,
        requestsPerSecond: 10_000,
        timeoutMs: 2000,
        retries: options.retries ?? 2,
      },
      { now: time.clock.now, readFile: options.readFile },
    );
    return new VaultSecretsSource({
      client,
      kvMount: 'secret',
      databaseMount: 'database',
      defaultMaxAgeDays: 90,
      now: time.clock.now,
    });
  }

  async function collectAll(s: VaultSecretsSource) {
    const byEntity = new Map<string, SecretObservation[]>();
    for (const entity of entities()) {
      expect(s.appliesTo(entity)).toBe(true);
      const result = await s.collect(entity, {
        signal: new AbortController().signal,
      });
      if (result.kind !== 'secrets') throw new Error('not secrets');
      byEntity.set(entity.metadata.name, result.items);
    }
    return byEntity;
  }

  it('collects every seeded secret of the example catalog with the age state the seed meant', async () => {
    const byEntity = await collectAll(source());
    const all = [...byEntity.values()].flat();
    expect(all.filter(o => o.state === 'error')).toEqual([]);
    expect(all.filter(o => o.kind === 'kv')).toHaveLength(seed.secrets.length);

    for (const seeded of seed.secrets) {
      const observation = byEntity
        .get(seeded.component)
        ?.find(o => o.kind === 'kv' && o.path === seeded.path);
      expect({ path: seeded.path, engine: observation?.engine }).toEqual({
        path: seeded.path,
        engine: seeded.mount,
      });
      expect({
        path: seeded.path,
        status: secretStatus(observation!, time.date()),
      }).toEqual({
        path: seeded.path,
        status: EXPECTED_STATUS[seeded.expected],
      });
    }

    for (const role of seed.staticRoles) {
      const observation = byEntity
        .get(role.component)
        ?.find(o => o.kind === 'database-static-role' && o.path === role.name);
      expect(observation).toMatchObject({
        engine: 'database',
        maxAgeDays: 1,
        state: 'active',
      });
      // A one-day rotation period is always within the due-soon window, so "rotated" is
      // anything but overdue.
      const overdue = secretStatus(observation!, time.date()) === 'overdue';
      expect({ role: role.name, overdue }).toEqual({
        role: role.name,
        overdue: role.expected === 'overdue',
      });
    }
  });

  it('calls only metadata, list, static-role, health and auth endpoints', async () => {
    await collectAll(source());
    const mounts = {
      kv: standIn.state.kv.names(),
      database: standIn.state.database.names(),
    };
    const entries = standIn.requestLog.entries();
    expect(entries.length).toBeGreaterThan(20);
    const classes = new Set(
      entries.map(e => {
        const query = new URLSearchParams(
          Object.entries(e.query).flatMap(([k, v]) =>
            (Array.isArray(v) ? v : [v]).map(x => [k, x]),
          ),
        ).toString();
        return classifyPath(e.method, `${e.path}?${query}`, mounts);
      }),
    );
    expect([...classes].sort()).toEqual(
      ['auth', 'health', 'list', 'metadata', 'role'].sort(),
    );
    // The stand-in's own classification agrees, and nothing was refused.
    expect([...standIn.requestLog.categories()].sort()).toEqual(
      [...classes].sort(),
    );
    expect(entries.filter(e => e.status >= 400)).toEqual([]);
    // The log holds accessors, never tokens.
    expect(JSON.stringify(entries)).not.toContain(seed.readerToken);
  });

  it('logs in with AppRole and renews the token at two thirds of its TTL', async () => {
    const s = source({
      method: 'approle',
      roleId: seed.approle.roleId,
      secretId: seed.approle.secretId,
      mountPath: 'approle',
    });
    const [first] = entities();
    await s.collect(first, { signal: new AbortController().signal });
    time.advanceSeconds(2401); // the demo role's TTL is 3600 s
    await s.collect(first, { signal: new AbortController().signal });
    const auth = standIn.requestLog
      .entries()
      .filter(e => e.category === 'auth')
      .map(e => `${e.method} ${e.path} ${e.status}`);
    expect(auth).toEqual([
      'POST /v1/auth/approle/login 200',
      'POST /v1/auth/token/renew-self 200',
    ]);
  });

  it('logs in with Kubernetes using the service-account token file', async () => {
    const readFile = jest.fn(async () => `${seed.kubernetes.jwt}\n`);
    const s = source(
      {
        method: 'kubernetes',
        role: seed.kubernetes.role,
        mountPath: 'kubernetes',
        tokenPath: '/var/run/secrets/kubernetes.io/serviceaccount/token',
      },
      { readFile },
    );
    const byEntity = await collectAll(s);
    expect(
      [...byEntity.values()].flat().filter(o => o.state === 'error'),
    ).toEqual([]);
    expect(
      standIn.requestLog.byCategory('auth').map(e => `${e.method} ${e.path}`),
    ).toEqual(['POST /v1/auth/kubernetes/login']);
  });

  it('reports a clear error once a static token expires', async () => {
    const token = standIn.state.tokens.create({
      policies: [seed.readerPolicy.name],
      ttl: 600,
      renewable: false,
      issuedAt: time.date(),
    });
    const s = source({ method: 'token', token: token.id });
    const [first] = entities();
    await s.collect(first, { signal: new AbortController().signal });
    time.advanceSeconds(601);
    const error = await s
      .collect(first, { signal: new AbortController().signal })
      .catch(e => e);
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/security\.vault\.auth\.token expired/);
    expect(error.message).not.toContain(token.id);
  });

  it('reports a path the policy does not cover, and reads the rest', async () => {
    standIn.state.policies.set({
      name: 'narrow',
      paths: { 'secret/metadata/storefront/*': ['read', 'list'] },
    });
    const narrow = standIn.state.tokens.create({ policies: ['narrow'] });
    const s = source({ method: 'token', token: narrow.id });
    const entity = entities().find(e =>
      e.metadata.annotations?.['vault.io/secrets-path']?.includes('identity/'),
    )!;
    const result = await s.collect(
      {
        ...entity,
        metadata: {
          ...entity.metadata,
          annotations: {
            'vault.io/secrets-path': `${
              entity.metadata.annotations!['vault.io/secrets-path']
            },storefront/cart-service/redis`,
          },
        },
      },
      { signal: new AbortController().signal },
    );
    const items = result.kind === 'secrets' ? result.items : [];
    expect(items.at(-1)).toMatchObject({
      path: 'storefront/cart-service/redis',
      state: 'active',
    });
    expect(items[0].state).toBe('error');
    expect(items[0].error).toMatch(
      /^permission denied: the Posture token's policy does not allow (reading|listing) metadata at secret\/metadata\/identity\//,
    );
  });

  it('retries injected 503s and 429s, then reads', async () => {
    standIn.faults.set('kv-payments/metadata/payments/payment-gateway/db', {
      status: 503,
      times: 1,
    });
    standIn.faults.set(
      'kv-payments/metadata/payments/payment-gateway/stripe-api-key',
      {
        status: 429,
        times: 2,
      },
    );
    const entity = entities().find(e => e.metadata.name === 'payment-gateway')!;
    const result = await source().collect(entity, {
      signal: new AbortController().signal,
    });
    expect(
      result.kind === 'secrets' &&
        result.items.filter(o => o.kind === 'kv').map(o => o.state),
    ).toEqual(['active', 'active']);
    expect(
      standIn.requestLog
        .entries()
        .filter(e => e.faulted)
        .map(e => e.status)
        .sort(),
    ).toEqual([429, 429, 503]);
  });

  it('sends the Enterprise namespace on every request but sys/health', async () => {
    const namespaced = createVaultStandIn({
      now: time.date,
      namespace: 'admin/posture',
    });
    const namespacedSeed = seedVaultDemo(namespaced.state, time.date());
    const namespacedServer = await namespaced.start(0, '127.0.0.1');
    const read = async (namespace?: string) => {
      const c = new VaultClient(
        {
          baseUrl: namespacedServer.url,
          namespace,
          auth: { method: 'token', token: namespacedSeed.readerToken },
          concurrency: 4,
          requestsPerSecond: 10_000,
          timeoutMs: 2000,
          retries: 0,
        },
        { now: time.clock.now },
      );
      try {
        const s = new VaultSecretsSource({
          client: c,
          kvMount: 'secret',
          databaseMount: 'database',
          defaultMaxAgeDays: 90,
        });
        return await s
          .collect(entities()[0], { signal: new AbortController().signal })
          .catch(e => e);
      } finally {
        await c.close();
      }
    };
    try {
      const inNamespace = await read('admin/posture');
      expect(inNamespace.kind).toBe('secrets');
      expect(
        inNamespace.items.filter((i: SecretObservation) => i.state === 'error'),
      ).toEqual([]);
      const health = namespaced.requestLog.byCategory('health');
      expect(health.map(e => e.namespace)).toEqual([null]);
      expect(
        namespaced.requestLog
          .entries()
          .filter(e => e.category !== 'health')
          .every(e => e.namespace === 'admin/posture'),
      ).toBe(true);
      // Without it, the token is unknown in the root namespace.
      await expect(read()).resolves.toMatchObject({ kind: 'auth' });
    } finally {
      await namespacedServer.close();
    }
  });

  it('throws when Vault is sealed', async () => {
    standIn.state.sealed = true;
    const [first] = entities();
    await expect(
      source().collect(first, { signal: new AbortController().signal }),
    ).rejects.toThrow(/Vault is sealed or unavailable/);
  });

  it('throws when every read of an entity times out', async () => {
    standIn.faults.set('secret/metadata/', { delayMs: 500 });
    standIn.faults.set('kv-payments/metadata/', { delayMs: 500 });
    standIn.faults.set('database/static-roles/', { delayMs: 500 });
    client = new VaultClient(
      {
        baseUrl: server.url,
        auth: { method: 'token', token: seed.readerToken },
        concurrency: 8,
        requestsPerSecond: 10_000,
        timeoutMs: 100,
        retries: 0,
      },
      { now: time.clock.now },
    );
    const s = new VaultSecretsSource({
      client,
      kvMount: 'secret',
      databaseMount: 'database',
      defaultMaxAgeDays: 90,
    });
    const entity = entities().find(e => e.metadata.name === 'payment-gateway')!;
    await expect(
      s.collect(entity, { signal: new AbortController().signal }),
    ).rejects.toThrow(
      /^Vault is unavailable: all \d+ reads for component:default\/payment-gateway failed; the first: Vault did not answer within 100 ms/,
    );
  });
});
