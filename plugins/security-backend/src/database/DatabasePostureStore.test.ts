import { mockServices } from '@backstage/backend-test-utils';
import { DatabasePostureStore } from './DatabasePostureStore';
import { createTestDatabases } from '../__testUtils__/testDatabases';

const databases = createTestDatabases();

const counts = { critical: 1, high: 2, medium: 3, low: 4, unknown: 0 };

describe.each(databases.eachSupportedId())('DatabasePostureStore on %s', id => {
  async function createStore() {
    const knex = await databases.init(id);
    const store = await DatabasePostureStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    return { knex, store };
  }

  it('answers undefined for an entity nothing was stored for', async () => {
    const { store } = await createStore();
    await expect(
      store.summaries.get({ entityRef: 'component:default/never-seen' }),
    ).resolves.toBeUndefined();
  });

  it('round-trips a summary with its sections, checks and an ISO timestamp', async () => {
    const { knex, store } = await createStore();
    const before = Date.now();
    await store.summaries.put({
      entityRef: 'component:default/api',
      summary: {
        grade: 'C',
        score: 61,
        reasons: [
          { check: 'critical-vulns', message: '1 critical', fix: 'Upgrade' },
        ],
        vulnerabilities: {
          ...counts,
          fixable: { ...counts, high: 1 },
          scannedAt: '2026-11-20T10:00:00.000Z',
          artifact: 'ghcr.io/acme/api',
          digest: 'sha256:abc',
          stale: false,
        },
        sbom: null,
        signature: null,
        secrets: null,
        policy: 'standard',
        checks: [
          {
            check: 'fixable-vulnerabilities',
            status: 'fail',
            weight: 40,
            gate: true,
            message: '1 high vulnerability has a fix',
            fix: 'Upgrade openssl to 3.0.13, rebuild and rescan.',
            exemption: null,
          },
        ],
      },
    });
    const posture = await store.summaries.get({
      entityRef: 'component:default/api',
    });
    expect(posture).toMatchObject({
      entityRef: 'component:default/api',
      grade: 'C',
      score: 61,
      reasons: [{ check: 'critical-vulns' }],
      vulnerabilities: {
        critical: 1,
        fixable: { high: 1 },
        digest: 'sha256:abc',
      },
      sbom: null,
      signature: null,
      secrets: null,
      policy: 'standard',
      checks: [{ check: 'fixable-vulnerabilities', status: 'fail' }],
    });
    await expect(
      knex('posture_checks')
        .where({ entity_ref: 'component:default/api' })
        .select('check', 'status'),
    ).resolves.toEqual([{ check: 'fixable-vulnerabilities', status: 'fail' }]);
    const updatedAt = Date.parse(posture!.updatedAt!);
    expect(posture!.updatedAt).toMatch(/Z$/);
    expect(updatedAt).toBeGreaterThanOrEqual(before - 1000);
  });

  it('replaces the previous summary instead of adding a second row', async () => {
    const { knex, store } = await createStore();
    const base = {
      reasons: [],
      policy: null,
      checks: [],
      vulnerabilities: null,
      sbom: null,
      signature: null,
      secrets: null,
    };
    await store.summaries.put({
      entityRef: 'component:default/api',
      summary: {
        ...base,
        grade: 'F',
        score: 10,
      },
    });
    await store.summaries.put({
      entityRef: 'component:default/api',
      summary: {
        ...base,
        grade: 'A',
        score: 98,
      },
    });
    const rows = await knex('entity_posture').where({
      entity_ref: 'component:default/api',
    });
    expect(rows).toHaveLength(1);
    await expect(
      store.summaries.get({ entityRef: 'component:default/api' }),
    ).resolves.toMatchObject({
      grade: 'A',
      score: 98,
    });
  });

  it('counts the licences of reports stored before licence counts existed', async () => {
    const { knex } = await createStore();
    const directory = require('path').resolve(__dirname, '../../migrations');
    // Back to just before licence counts (later migrations stay; they do not touch reports).
    await knex.migrate.down({
      directory,
      name: '20261123150000_report_license_counts.js',
    });
    await knex('reports').insert({
      id: 'r1',
      entity_ref: 'component:default/api',
      artifact: 'ghcr.io/acme/api',
      format: 'cyclonedx',
      sha256: 's',
      is_scan: false,
      ingested_at: '2026-11-20T00:00:00.000Z',
      finding_count: 0,
      component_count: 3,
      other_findings: '{}',
    });
    await knex('components').insert(
      [['MIT'], ['MIT', 'Apache-2.0'], []].map((licenses, i) => ({
        report_id: 'r1',
        entity_ref: 'component:default/api',
        name: `c${i}`,
        licenses: JSON.stringify(licenses),
      })),
    );
    await knex.migrate.latest({ directory });
    const row = await knex('reports').where({ id: 'r1' }).first();
    expect(JSON.parse(row.license_counts)).toEqual({
      MIT: 2,
      'Apache-2.0': 1,
      '(none)': 1,
    });
  });

  it('migrates down cleanly so upgrades can be rolled back', async () => {
    const { knex } = await createStore();
    await knex.migrate.rollback(
      { directory: require('path').resolve(__dirname, '../../migrations') },
      true,
    );
    await expect(knex.schema.hasTable('entity_posture')).resolves.toBe(false);
  });
});
