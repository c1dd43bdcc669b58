import {
  DEFAULT_POLICY_SET,
  type SecretObservation,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { CATALOG, createFleetHarness } from '../../__testUtils__/fleetHarness';
import { makeScan } from '../../__testUtils__/parsedReports';
import { reportWrite } from '../../__testUtils__/storeHarness';
import { createTestDatabases } from '../../__testUtils__/testDatabases';

const databases = createTestDatabases();

// The scan makeScan writes was generated 2026-11-20T10:00Z: 29.1 days old at T0, 31.1 at T1.
const T0 = new Date('2026-12-19T12:00:00Z');
const T1 = new Date('2026-12-21T12:00:00Z');
const API = 'component:default/api';
const WEB = 'component:default/web';

// 89 days old at T0 (due soon), 91 at T1 (overdue).
const apiSecret: SecretObservation = {
  path: 'payments/api/db',
  engine: 'secret',
  kind: 'kv',
  currentVersion: 4,
  createdTime: '2026-09-21T12:00:00Z',
  updatedTime: '2026-09-21T12:00:00Z',
  maxAgeDays: 90,
  state: 'active',
  error: null,
};

async function checkStatus(knex: Knex, entityRef: string, check: string) {
  const row = await knex('posture_checks')
    .where({ entity_ref: entityRef, check })
    .first('status');
  return row?.status;
}

describe.each(databases.eachSupportedId())('FleetRegrade on %s', id => {
  async function setUp() {
    const harness = await createFleetHarness(databases, id);
    const { store } = harness;
    const uploadScan = (entityRef: string, now: Date, generatedAt?: string) =>
      store.reports.replaceReport({
        write: reportWrite({
          entityRef,
          report: makeScan(3, generatedAt ? { generatedAt } : {}),
          sha256: `${entityRef}${generatedAt}`.padEnd(64, '0').slice(0, 64),
        }),
        now,
      });
    return { ...harness, uploadScan };
  }

  it("records each graded entity's catalog facts and tags, and only graded kinds", async () => {
    const { knex, regradeOf } = await setUp();
    const result = await regradeOf().run({ now: T0 });
    expect(result.entities).toBe(5);

    const rows = await knex('posture_entities').orderBy('entity_ref');
    expect(rows.map(r => r.entity_ref)).toEqual([
      API,
      'component:default/billing',
      'component:default/looped',
      WEB,
      'component:finance/ledger',
    ]);
    expect(rows[0]).toMatchObject({
      kind: 'component',
      namespace: 'default',
      name: 'api',
      title: 'Payments API',
      owner_ref: 'group:default/payments-api',
      system_ref: 'system:default/checkout',
      domain_ref: 'domain:default/commerce',
      lifecycle: 'production',
      policy: 'internet-facing',
      sources: 'scan,sbom,signature,secrets',
    });
    expect(rows[3]).toMatchObject({
      title: 'web',
      owner_ref: 'user:default/alice',
      system_ref: null,
      domain_ref: null,
      lifecycle: 'experimental',
      policy: null,
      sources: 'scan,sbom',
    });
    // A bare owner name is a group of the entity's own namespace.
    expect(rows[4].owner_ref).toBe('group:finance/payments');
    expect(
      await knex('posture_entity_tags')
        .orderBy('tag')
        .select('entity_ref', 'tag'),
    ).toEqual([
      { entity_ref: API, tag: 'java' },
      { entity_ref: API, tag: 'pci' },
    ]);
  });

  it('records the group tree as a closure, a cycle included, and drops what left the catalog', async () => {
    const { knex, regradeOf } = await setUp();
    await regradeOf().run({ now: T0 });
    const ancestry = async () =>
      (await knex('posture_group_ancestry').select()).map(
        r => `${r.group_ref} ${r.ancestor_ref} ${r.depth}`,
      );
    expect(await ancestry()).toEqual(
      expect.arrayContaining([
        'group:default/payments-api group:default/platform 2',
        'group:default/loop-a group:default/loop-b 1',
        'group:default/loop-b group:default/loop-a 1',
        'group:default/loop-a group:default/loop-a 0',
      ]),
    );

    const withoutApi = CATALOG.filter(
      e => e.metadata.name !== 'api' && e.metadata.name !== 'loop-b',
    );
    await regradeOf({ entities: withoutApi }).run({
      now: new Date(T0.getTime() + 3_600_000),
    });
    expect(await knex('posture_entities').where({ entity_ref: API })).toEqual(
      [],
    );
    expect(await knex('posture_entity_tags')).toEqual([]);
    // loop-a's parent is still named, so it stays an (unlisted) group of its own.
    expect(await ancestry()).toEqual(
      expect.arrayContaining([
        'group:default/loop-a group:default/loop-b 1',
        'group:default/loop-b group:default/loop-b 0',
      ]),
    );
    expect(await ancestry()).not.toContain(
      'group:default/loop-b group:default/loop-a 1',
    );
    // Today's snapshot of an entity that left the catalog goes too.
    expect(await knex('posture_history').where({ entity_ref: API })).toEqual(
      [],
    );
  });

  it('fails scan-age the day the scan ages past maxAgeDays, with no upload', async () => {
    const { knex, store, regradeOf, uploadScan } = await setUp();
    await uploadScan(WEB, T0);
    await regradeOf().run({ now: T0 });
    expect(await checkStatus(knex, WEB, 'scan-age')).toBe('pass');
    const before = await store.summaries.get({ entityRef: WEB });

    const result = await regradeOf().run({ now: T1 });
    expect(await checkStatus(knex, WEB, 'scan-age')).toBe('fail');
    const after = await store.summaries.get({ entityRef: WEB });
    expect(after!.checks.find(c => c.check === 'scan-age')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('31.1 days old'),
    });
    expect(after!.score!).toBeLessThan(before!.score!);
    expect(after!.reasons.map(r => r.check)).toContain('scan-age');
    expect(result).toMatchObject({ written: 1, skipped: 0 });
  });

  it('fails secret-age once a secret becomes overdue, recounting the secrets section', async () => {
    const { knex, store, regradeOf } = await setUp();
    await store.secrets.applyObservations({
      entityRef: API,
      source: 'vault',
      observations: [apiSecret],
      now: T0,
    });
    await regradeOf().run({ now: T0 });
    expect(await checkStatus(knex, API, 'secret-age')).toBe('pass');
    expect(
      (await store.summaries.get({ entityRef: API }))!.secrets,
    ).toMatchObject({ overdue: 0, dueSoon: 1, oldestAgeDays: 89 });

    await regradeOf().run({ now: T1 });
    expect(await checkStatus(knex, API, 'secret-age')).toBe('fail');
    const after = await store.summaries.get({ entityRef: API });
    expect(after!.secrets).toMatchObject({
      overdue: 1,
      dueSoon: 0,
      oldestAgeDays: 91,
      checkedAt: T0.toISOString(),
      overdueSecrets: [expect.objectContaining({ path: 'payments/api/db' })],
    });
    expect(after!.policy).toBe('internet-facing');
  });

  it('regrades every summary, batch after batch, and leaves unchanged rows unwritten', async () => {
    const { knex, regradeOf, uploadScan } = await setUp();
    for (const name of ['api', 'billing', 'looped', 'web', 'orphan']) {
      await uploadScan(`component:default/${name}`, T0);
    }
    // Graded under the default policy at upload: a regrade under it at the same time changes
    // nothing; one day later the scan-age messages move.
    const same = await regradeOf({ batchSize: 2 }).run({ now: T0 });
    expect(same).toMatchObject({ summaries: 5, skipped: 0 });
    // api is internet-facing: its first regrade applies that policy.
    expect(same.written).toBe(1);
    expect(same.unchanged).toBe(4);
    const versions = await knex('entity_posture').select(
      'entity_ref',
      'version',
    );

    const nextDay = await regradeOf({ batchSize: 2 }).run({ now: T1 });
    expect(nextDay).toMatchObject({ summaries: 5, written: 5, unchanged: 0 });
    // The entity the catalog does not list is regraded too (under the default policy).
    const orphan = await knex('entity_posture')
      .where({ entity_ref: 'component:default/orphan' })
      .first();
    expect(orphan.policy).toBe('standard');
    for (const row of await knex('entity_posture').select(
      'entity_ref',
      'version',
    )) {
      const earlier = versions.find(v => v.entity_ref === row.entity_ref);
      expect(Number(row.version)).toBe(Number(earlier.version) + 1);
    }
  });

  it('keeps an upload that lands between the read and the write of a batch', async () => {
    const { knex, store, fleet, uploadScan } = await setUp();
    await uploadScan(WEB, T0);
    await uploadScan(API, T0);
    const batch = await fleet.prepareRegrade({
      after: null,
      limit: 500,
      now: T1,
      policies: DEFAULT_POLICY_SET,
    });
    expect(batch.changes.map(c => c.entityRef).sort()).toEqual([API, WEB]);

    // CI uploads a fresh scan of web after the regrade read it.
    await uploadScan(WEB, T1, T1.toISOString());
    const uploaded = await store.summaries.get({ entityRef: WEB });
    const { version: uploadedVersion } = await knex('entity_posture')
      .where({ entity_ref: WEB })
      .first('version');

    const { written, skipped } = await fleet.applyRegrade(batch.changes);
    expect(written).toEqual([API]);
    expect(skipped).toEqual([WEB]);
    // The upload's summary, checks and version stand.
    expect(await store.summaries.get({ entityRef: WEB })).toEqual(uploaded);
    expect(
      (await knex('entity_posture').where({ entity_ref: WEB }).first('version'))
        .version,
    ).toBe(uploadedVersion);
    expect(await checkStatus(knex, WEB, 'scan-age')).toBe('pass');
    expect(await checkStatus(knex, API, 'scan-age')).toBe('fail');
  });

  it('loses no upload that lands before or during a batch write, and neither fails', async () => {
    const { knex, store, fleet, uploadScan } = await setUp();
    const refs = Array.from(
      { length: 20 },
      (_, i) => `component:default/svc-${String(i).padStart(2, '0')}`,
    );
    for (const ref of refs) await uploadScan(ref, T0);
    const batch = await fleet.prepareRegrade({
      after: null,
      limit: 500,
      now: T1,
      policies: DEFAULT_POLICY_SET,
    });
    expect(batch.changes).toHaveLength(20);

    // The batch says every scan is too old; fresh scans arrive after the read (the first ten)
    // and while the batch is written (the others).
    const fresh = (ref: string) => uploadScan(ref, T1, T1.toISOString());
    await Promise.all(refs.slice(0, 10).map(fresh));
    const [applied] = await Promise.all([
      fleet.applyRegrade(batch.changes),
      ...refs.slice(10).map(fresh),
    ]);
    expect(applied.skipped).toEqual(expect.arrayContaining(refs.slice(0, 10)));
    expect(applied.written.length + applied.skipped.length).toBe(20);
    for (const ref of refs) {
      const posture = await store.summaries.get({ entityRef: ref });
      expect([ref, posture!.vulnerabilities!.scannedAt]).toEqual([
        ref,
        T1.toISOString(),
      ]);
      expect([ref, await checkStatus(knex, ref, 'scan-age')]).toEqual([
        ref,
        'pass',
      ]);
    }
  });

  it("snapshots each entity once per day, a second run overwriting the day's row", async () => {
    const { knex, regradeOf, uploadScan } = await setUp();
    await uploadScan(WEB, T0);
    const first = await regradeOf().run({ now: T0 });
    expect(first.snapshots).toBe(5);
    const webRow = () =>
      knex('posture_history').where({ entity_ref: WEB }).select();
    const [morning] = await webRow();
    expect(morning).toMatchObject({
      day: '2026-12-19',
      owner_ref: 'user:default/alice',
    });
    expect(JSON.parse(morning.checks)).toMatchObject({
      'scan-age': 'pass',
      sbom: 'fail',
    });

    // A fresh scan later the same day, then the regrade runs again.
    await uploadScan(
      WEB,
      new Date('2026-12-19T18:00:00Z'),
      '2026-12-19T17:00:00Z',
    );
    const second = await regradeOf().run({
      now: new Date('2026-12-19T23:59:00Z'),
    });
    expect(second.snapshots).toBe(5);
    expect(Number((await knex('posture_history').count({ n: '*' }))[0].n)).toBe(
      5,
    );
    const [evening] = await webRow();
    expect(evening.day).toBe('2026-12-19');
    const stored = await knex('entity_posture')
      .where({ entity_ref: WEB })
      .first();
    expect(evening.grade).toBe(stored.grade);
    expect(evening.score).toBe(stored.score);
  });

  it('rolls grades up to the fleet, every ancestor of an owner, systems and domains', async () => {
    const { knex, regradeOf, uploadScan } = await setUp();
    await uploadScan(API, T0);
    await uploadScan(WEB, T0);
    await regradeOf().run({ now: T0 });
    const rollups = await knex('posture_history_rollups')
      .where({ day: '2026-12-19' })
      .select();
    const total = (groupBy: string, groupRef: string) => {
      const row = rollups.find(
        r => r.group_by === groupBy && r.group_ref === groupRef,
      );
      if (!row) return undefined;
      return ['a', 'b', 'c', 'd', 'f', 'none'].reduce(
        (sum, g) => sum + Number(row[`grade_${g}`]),
        0,
      );
    };
    const row = (groupBy: string, groupRef: string) =>
      rollups.find(r => r.group_by === groupBy && r.group_ref === groupRef);

    expect(total('fleet', '*')).toBe(5);
    // Nothing stored for billing, looped and ledger: ungraded.
    expect(Number(row('fleet', '*').grade_none)).toBe(3);
    expect(Number(row('fleet', '*').scored)).toBe(2);
    // platform > payments > payments-api: api (grandchild team) and billing (payments).
    expect(total('owner', 'group:default/platform')).toBe(2);
    expect(total('owner', 'group:default/payments')).toBe(2);
    expect(total('owner', 'group:default/payments-api')).toBe(1);
    expect(Number(row('owner', 'group:default/platform').scored)).toBe(1);
    // A user, and a group the catalog does not list, count for themselves.
    expect(total('owner', 'user:default/alice')).toBe(1);
    expect(total('owner', 'group:finance/payments')).toBe(1);
    // The cycle: each of its groups covers the other's entities, once.
    expect(total('owner', 'group:default/loop-a')).toBe(1);
    expect(total('owner', 'group:default/loop-b')).toBe(1);
    expect(total('system', 'system:default/checkout')).toBe(2);
    expect(total('domain', 'domain:default/commerce')).toBe(2);

    const apiScore = (
      await knex('entity_posture').where({ entity_ref: API }).first()
    ).score;
    expect(Number(row('owner', 'group:default/payments-api').score_sum)).toBe(
      apiScore,
    );
  });

  it('deletes history and rollups older than historyRetentionDays', async () => {
    const { knex, regradeOf } = await setUp();
    const old = (day: string) => ({
      entity_ref: WEB,
      day,
      grade: 'B',
      score: 85,
      checks: '{}',
      owner_ref: null,
      system_ref: null,
      domain_ref: null,
    });
    await knex('posture_history').insert([
      old('2026-11-18'),
      old('2026-11-19'),
    ]);
    await knex('posture_history_rollups').insert([
      { day: '2026-11-18', group_by: 'fleet', group_ref: '*', grade_b: 1 },
      { day: '2026-11-19', group_by: 'fleet', group_ref: '*', grade_b: 1 },
    ]);
    const result = await regradeOf({
      policies: { ...DEFAULT_POLICY_SET, historyRetentionDays: 30 },
    }).run({ now: T0 });
    // 2026-11-19 is 30 days before 2026-12-19: kept; the day before is older.
    expect(result.expired).toEqual({ history: 1, rollups: 1 });
    const days = async (table: string) =>
      [...new Set((await knex(table).select('day')).map(r => r.day))].sort();
    expect(await days('posture_history')).toEqual(['2026-11-19', '2026-12-19']);
    expect(await days('posture_history_rollups')).toEqual([
      '2026-11-19',
      '2026-12-19',
    ]);
  });

  it('remembers the policy it graded with, so a changed policy triggers a start-up run', async () => {
    const { regradeOf } = await setUp();
    const regrade = regradeOf();
    await expect(regrade.policyChanged()).resolves.toBe(true);
    await regrade.run({ now: T0 });
    await expect(regrade.policyChanged()).resolves.toBe(false);
    await expect(regradeOf().policyChanged()).resolves.toBe(false);

    const stricter = structuredClone(DEFAULT_POLICY_SET);
    stricter.policies.standard.checks['scan-age']!.maxAgeDays = 14;
    await expect(
      regradeOf({ policies: stricter }).policyChanged(),
    ).resolves.toBe(true);
  });

  it('demo backfill: invents a rising past for graded entities without history, once', async () => {
    const { knex, regradeOf, uploadScan } = await setUp();
    await uploadScan(WEB, T0);
    const regrade = regradeOf({ backfillHistoryDays: 90 });
    const first = await regrade.run({ now: T0 });
    // Only web has a grade; the others are left until they have one.
    expect(first.backfilled).toBe(90);

    const history = (entityRef: string) =>
      knex('posture_history')
        .where({ entity_ref: entityRef })
        .orderBy('day')
        .select();
    const web = await history(WEB);
    expect(web).toHaveLength(91);
    expect(web[0].day).toBe('2026-09-20');
    expect(web[89].day).toBe('2026-12-18');
    expect(web[90].day).toBe('2026-12-19');
    const scores = web.map(r => Number(r.score));
    expect(scores.every((s, i) => i === 0 || s >= scores[i - 1])).toBe(true);
    expect(scores[0]).toBeLessThan(scores[90]);
    expect(web.map(r => r.grade)).toContain(web[90].grade);
    expect(await history(API)).toHaveLength(1);
    // The past days' rollups were built too: the fleet then was web alone.
    const past = await knex('posture_history_rollups')
      .where({ day: '2026-09-20', group_by: 'fleet', group_ref: '*' })
      .first();
    expect(Number(past.scored)).toBe(1);
    expect(Number(past.score_sum)).toBe(scores[0]);

    // Later that day api gets its first report: the next run gives it a past, web keeps its own.
    await uploadScan(API, new Date('2026-12-19T13:00:00Z'));
    const again = await regrade.run({ now: new Date('2026-12-19T14:00:00Z') });
    expect(again.backfilled).toBe(90);
    expect(await history(API)).toHaveLength(91);
    const webAfter = await history(WEB);
    expect(webAfter).toHaveLength(91);
    expect(webAfter.slice(0, 90)).toEqual(web.slice(0, 90));
    const nextDay = await regrade.run({
      now: new Date('2026-12-20T12:00:00Z'),
    });
    expect(nextDay.backfilled).toBe(0);
  });
});
