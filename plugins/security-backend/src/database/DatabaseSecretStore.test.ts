import { mockServices } from '@backstage/backend-test-utils';
import type { SecretObservation } from '@posture/backstage-plugin-security-node';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabasePostureStore } from './DatabasePostureStore';
import { secretItemsAt } from '@posture/backstage-plugin-security-common';

const databases = createTestDatabases();
const entityRef = 'component:default/api';
const now = new Date('2026-11-23T12:00:00Z');

function kv(
  path: string,
  createdTime: string | null,
  overrides: Partial<SecretObservation> = {},
): SecretObservation {
  return {
    path,
    engine: 'secret',
    kind: 'kv',
    currentVersion: 3,
    createdTime,
    updatedTime: createdTime,
    maxAgeDays: 90,
    state: 'active',
    error: null,
    ...overrides,
  };
}

// Hand-computed against `now`: fresh 3 days, due soon 80 days, overdue 200 days.
const observations = [
  kv('api/fresh', '2026-11-20T12:00:00Z'),
  kv('api/due-soon', '2026-09-04T12:00:00Z'),
  kv('api/overdue', '2026-05-07T12:00:00Z'),
  kv('api/deleted', '2026-01-01T00:00:00Z', { state: 'deleted' }),
  {
    ...kv('ledger-db', '2026-11-22T12:00:00Z', {
      kind: 'database-static-role',
      engine: 'database',
      currentVersion: null,
    }),
    maxAgeDays: 30,
  },
];

describe.each(databases.eachSupportedId())('secrets on %s', id => {
  async function createStore() {
    const knex = await databases.init(id);
    const store = await DatabasePostureStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    return { knex, store };
  }

  it('stores facts and derives ages and statuses, overdue first', async () => {
    const { store } = await createStore();
    await store.secrets.applyObservations({
      entityRef: entityRef,
      source: 'vault',
      observations: observations,
      now: now,
    });
    const items = secretItemsAt(
      await store.secrets.list({ entityRef: entityRef }),
      now,
    );
    expect(items.map(i => [i.path, i.ageDays, i.status])).toEqual([
      ['api/overdue', 200, 'overdue'],
      ['api/due-soon', 80, 'due-soon'],
      ['api/deleted', 326, 'deleted'],
      ['api/fresh', 3, 'ok'],
      ['ledger-db', 1, 'ok'],
    ]);
    expect(items[0]).toMatchObject({
      checkedAt: now.toISOString(),
      stale: false,
      error: null,
      maxAgeDays: 90,
    });
  });

  it('summarises the secrets and grades them', async () => {
    const { store } = await createStore();
    await store.secrets.applyObservations({
      entityRef: entityRef,
      source: 'vault',
      observations: observations,
      now: now,
    });
    const posture = await store.summaries.get({ entityRef: entityRef });
    expect(posture?.secrets).toEqual({
      total: 5,
      overdue: 1,
      dueSoon: 1,
      oldestAgeDays: 200,
      overdueSecrets: [
        {
          path: 'api/overdue',
          engine: 'secret',
          kind: 'kv',
          ageDays: 200,
          maxAgeDays: 90,
        },
      ],
      checkedAt: now.toISOString(),
      stale: false,
    });
    // Secrets alone: the overdue one fails secret-age, and with no scan the scan checks are
    // missing (never passed) and the absent SBOM fails.
    expect(posture?.score).toBe(0);
    expect(posture?.grade).toBe('F');
    expect(posture?.checks.map(c => [c.check, c.status])).toEqual([
      ['known-exploited', 'missing'],
      ['exploit-likelihood', 'missing'],
      ['fixable-vulnerabilities', 'missing'],
      ['scan-age', 'missing'],
      ['sbom', 'fail'],
      ['secret-age', 'fail'],
    ]);
    expect(posture?.checks.find(c => c.check === 'secret-age')?.fix).toContain(
      'api/overdue',
    );
  });

  it('keeps the last known facts of a secret that could not be read, marked stale', async () => {
    const { store } = await createStore();
    await store.secrets.applyObservations({
      entityRef: entityRef,
      source: 'vault',
      observations: observations,
      now: now,
    });
    const later = new Date('2026-11-24T12:00:00Z');
    await store.secrets.applyObservations({
      entityRef: entityRef,
      source: 'vault',
      observations: [
        kv('api/fresh', null, {
          state: 'error',
          error: 'permission denied',
          currentVersion: null,
          maxAgeDays: null,
        }),
        kv('api/new', null, {
          state: 'error',
          error: 'permission denied',
          currentVersion: null,
          maxAgeDays: null,
        }),
      ],
      now: later,
    });
    const items = secretItemsAt(
      await store.secrets.list({ entityRef: entityRef }),
      later,
    );
    expect(items.find(i => i.path === 'api/fresh')).toMatchObject({
      ageDays: 4,
      status: 'ok',
      stale: true,
      error: 'permission denied',
      checkedAt: now.toISOString(),
    });
    // Never read successfully: no facts to keep, so its status is unknown, never ok.
    expect(items.find(i => i.path === 'api/new')).toMatchObject({
      status: 'unknown',
      checkedAt: null,
    });
    // Secrets the source no longer reports are gone.
    expect(items).toHaveLength(2);
    expect(
      (await store.summaries.get({ entityRef: entityRef }))?.secrets?.stale,
    ).toBe(true);
  });

  it('marks everything stale when the source fails, and keeps the data', async () => {
    const { store } = await createStore();
    await store.secrets.applyObservations({
      entityRef: entityRef,
      source: 'vault',
      observations: observations,
      now: now,
    });
    const later = new Date('2026-11-24T12:00:00Z');
    await store.secrets.markStale({
      entityRef: entityRef,
      source: 'vault',
      error: 'Vault is sealed or unavailable',
      now: later,
    });
    const items = secretItemsAt(
      await store.secrets.list({ entityRef: entityRef }),
      later,
    );
    expect(items).toHaveLength(5);
    expect(
      items.every(i => i.stale && i.error === 'Vault is sealed or unavailable'),
    ).toBe(true);
    const posture = await store.summaries.get({ entityRef: entityRef });
    expect(posture?.secrets).toMatchObject({
      total: 5,
      stale: true,
      checkedAt: now.toISOString(),
    });
    expect(posture?.reasons.map(r => r.check)).toContain('secrets-stale');

    await store.secrets.applyObservations({
      entityRef: entityRef,
      source: 'vault',
      observations: observations,
      now: later,
    });
    expect(
      (await store.summaries.get({ entityRef: entityRef }))?.secrets?.stale,
    ).toBe(false);
  });

  it('keeps the vulnerabilities section when secrets change the summary', async () => {
    const { store } = await createStore();
    const vulnerabilities = {
      critical: 1,
      high: 0,
      medium: 0,
      low: 0,
      unknown: 0,
      fixable: { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 },
      scannedAt: '2026-11-22T00:00:00.000Z',
      artifact: 'ghcr.io/acme/api',
      digest: null,
      stale: false,
    };
    await store.summaries.put({
      entityRef: entityRef,
      summary: {
        grade: 'B',
        score: 80,
        reasons: [],
        policy: null,
        checks: [],
        vulnerabilities,
        sbom: null,
        signature: null,
        secrets: null,
      },
    });
    await store.secrets.applyObservations({
      entityRef: entityRef,
      source: 'vault',
      observations: observations,
      now: now,
    });
    const posture = await store.summaries.get({ entityRef: entityRef });
    expect(posture?.vulnerabilities).toEqual(vulnerabilities);
    // The kept scan still passes its four checks (90); the SBOM is missing and a secret is
    // overdue: 90 of 110.
    expect(posture?.score).toBe(82);
  });
});
