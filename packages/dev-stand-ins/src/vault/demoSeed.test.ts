import { readVaultAnnotations } from './catalogAnnotations';
import { DemoSecretClass, DemoSeedResult, seedVaultDemo } from './demoSeed';
import { VaultState } from './state';
import { frozenClock, Harness, startHarness } from './__testUtils__/harness';

const DAY_MS = 86_400_000;

function days(text: string | undefined): number | undefined {
  const match = /^(\d+)d$/.exec(text ?? '');
  return match ? Number(match[1]) : undefined;
}

/** How Posture grades a secret from its metadata alone: 90-day default, 14-day warning. */
function grade(metadata: any, now: Date): DemoSecretClass {
  const current = metadata.versions[String(metadata.current_version)];
  if (current.destroyed) return 'destroyed';
  if (current.deletion_time && new Date(current.deletion_time) <= now)
    return 'deleted';
  const maxAge =
    days(metadata.custom_metadata?.max_age) ??
    days(metadata.custom_metadata?.rotation_period) ??
    90;
  const age =
    (now.getTime() - new Date(current.created_time).getTime()) / DAY_MS;
  if (age > maxAge) return 'overdue';
  if (age > maxAge - 14) return 'due-soon';
  return 'fresh';
}

describe('seedVaultDemo', () => {
  const clock = frozenClock('2025-06-01T12:00:00.000Z');
  let h: Harness;
  let seed: DemoSeedResult;

  beforeAll(async () => {
    h = await startHarness({ now: clock.now });
    seed = seedVaultDemo(h.vault.state, clock.now());
  });

  afterAll(() => h.server.close());

  it('grades, from metadata alone, exactly as each secret was seeded', async () => {
    for (const secret of seed.secrets) {
      const res = await h.call(
        'GET',
        `/v1/${secret.mount}/metadata/${secret.path}`,
        {
          token: seed.readerToken,
        },
      );
      expect(res.status).toBe(200);
      expect({
        path: secret.path,
        grade: grade(res.body.data, clock.now()),
      }).toEqual({
        path: secret.path,
        grade: secret.expected,
      });
    }
  });

  it('produces every status class, one deleted and one destroyed', () => {
    const counts = new Map<DemoSecretClass, number>();
    for (const s of seed.secrets)
      counts.set(s.expected, (counts.get(s.expected) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(
      ['deleted', 'destroyed', 'due-soon', 'fresh', 'overdue'].sort(),
    );
    expect(counts.get('deleted')).toBe(1);
    expect(counts.get('destroyed')).toBe(1);
    const custom = seed.secrets.map(s => s.customMetadata);
    expect(custom).toContainEqual({ max_age: '30d' });
    expect(custom).toContainEqual({ rotation_period: '180d' });
    // A 30-day max age makes a 45-day-old secret overdue, which 90 days would not.
    expect(seed.secrets).toContainEqual(
      expect.objectContaining({ ageDays: 45, expected: 'overdue' }),
    );
  });

  it('follows the catalog annotations: engines, single paths and folders of 1-3 secrets', async () => {
    const catalog = readVaultAnnotations();
    expect(catalog.length).toBeGreaterThan(10);
    const paths = catalog.flatMap(entry =>
      entry.secretPaths.map(path => ({
        component: entry.component,
        mount: entry.engine ?? 'secret',
        path,
      })),
    );
    const folders = paths.filter(p => p.path.endsWith('/'));
    const singles = paths.filter(p => !p.path.endsWith('/'));
    expect(folders.length).toBeGreaterThan(0);
    expect(singles.length).toBeGreaterThan(0);
    for (const folder of folders) {
      const res = await h.call(
        'LIST',
        `/v1/${folder.mount}/metadata/${folder.path}`,
        {
          token: seed.readerToken,
        },
      );
      expect(res.status).toBe(200);
      expect(res.body.data.keys.length).toBeGreaterThanOrEqual(1);
      expect(res.body.data.keys.length).toBeLessThanOrEqual(3);
    }
    for (const single of singles) {
      expect(seed.secrets).toContainEqual(expect.objectContaining(single));
    }
    expect(h.vault.state.kv.names().sort()).toEqual(['kv-payments', 'secret']);
  });

  it('seeds the annotated static roles, some rotated recently and some overdue', async () => {
    const names = seed.staticRoles.map(r => r.name).sort();
    expect(names).toEqual([
      'invoice-service-db',
      'ledger-db',
      'payment-gateway-db',
      'product-catalog-db',
    ]);
    const expectations = new Set<string>();
    for (const role of seed.staticRoles) {
      const res = await h.call(
        'GET',
        `/v1/database/static-roles/${role.name}`,
        {
          token: seed.readerToken,
        },
      );
      expect(res.body.data.rotation_period).toBe(86400);
      const age =
        clock.now().getTime() -
        new Date(res.body.data.last_vault_rotation).getTime();
      expectations.add(age > DAY_MS ? 'overdue' : 'rotated');
      expect(age > DAY_MS ? 'overdue' : 'rotated').toBe(role.expected);
    }
    expect([...expectations].sort()).toEqual(['overdue', 'rotated']);
  });

  it('stores values that only the data endpoints return, never metadata', async () => {
    const values = new Set<string>();
    for (const mountName of h.vault.state.kv.names()) {
      for (const secret of h.vault.state.kv.mount(mountName).secrets.values()) {
        for (const version of secret.versions.values()) {
          for (const value of Object.values(version.data ?? {}))
            values.add(String(value));
        }
      }
    }
    expect(values.size).toBeGreaterThan(seed.secrets.length);

    const fresh = seed.secrets.find(s => s.expected === 'fresh')!;
    const data = await h.call('GET', `/v1/${fresh.mount}/data/${fresh.path}`);
    expect(
      Object.values(data.body.data.data).some(v => values.has(String(v))),
    ).toBe(true);

    for (const secret of seed.secrets) {
      const meta = await h.call(
        'GET',
        `/v1/${secret.mount}/metadata/${secret.path}`,
        {
          token: seed.readerToken,
        },
      );
      for (const value of values) expect(meta.text).not.toContain(value);
    }
    const reader = await h.call(
      'GET',
      `/v1/${fresh.mount}/data/${fresh.path}`,
      {
        token: seed.readerToken,
      },
    );
    expect(reader.status).toBe(403);
  });

  it('is deterministic for a given now', () => {
    const snapshot = (state: VaultState) =>
      state.kv.names().map(name => [
        name,
        [...state.kv.mount(name).secrets.values()].map(s => ({
          ...s,
          versions: [...s.versions.values()],
        })),
      ]);
    const now = new Date('2025-06-01T12:00:00.000Z');
    const a = new VaultState({ now: () => now });
    const b = new VaultState({ now: () => now });
    const seedA = seedVaultDemo(a, now);
    const seedB = seedVaultDemo(b, now);
    expect(snapshot(a)).toEqual(snapshot(b));
    expect(seedA).toEqual(seedB);
    const roles = (state: VaultState) => [
      ...state.database.mount('database').staticRoles.values(),
    ];
    expect(roles(a)).toEqual(roles(b));
  });

  it('logs in with the demo Kubernetes and AppRole credentials', async () => {
    const k8s = await h.call('POST', '/v1/auth/kubernetes/login', {
      token: null,
      body: { role: seed.kubernetes.role, jwt: seed.kubernetes.jwt },
    });
    expect(k8s.body.auth.token_policies).toContain('posture-metadata-reader');
    const approle = await h.call('POST', '/v1/auth/approle/login', {
      token: null,
      body: { role_id: seed.approle.roleId, secret_id: seed.approle.secretId },
    });
    expect(approle.status).toBe(200);
  });
});
