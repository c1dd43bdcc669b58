import type { Knex } from 'knex';
import {
  createTestDatabases,
  type TestDatabaseId,
} from '../__testUtils__/testDatabases';
import { createTestStore, reportWrite } from '../__testUtils__/storeHarness';
import { makeScan, makeVulnerability } from '../__testUtils__/parsedReports';
import {
  backfillPurlColumns,
  IMPACT_COLUMNS_BACKFILLED,
} from './backfillPurlColumns';
import { DatabaseImpactStore } from './impact/DatabaseImpactStore';

/*
 * Rows stored before the impact columns existed (written here without them, as the previous
 * release did) get them from the start-up backfill, in batches, once.
 */

const databases = createTestDatabases();
const entityRef = 'component:default/legacy';
const now = new Date('2027-01-20T12:00:00Z');

async function oldReport(knex: Knex, id: string) {
  await knex('reports').insert({
    id,
    entity_ref: entityRef,
    artifact: `ghcr.io/acme/${id}`,
    format: 'trivy',
    sha256: id.padEnd(64, '0'),
    is_scan: true,
    ingested_at: '2027-01-01T00:00:00.000Z',
    finding_count: 0,
    component_count: 0,
    other_findings: '{}',
    license_counts: '{}',
  });
}

const OLD_COMPONENTS = [
  [
    'Log4j-Core',
    'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar',
  ],
  ['Django_Rest.Framework', 'pkg:pypi/Django_Rest.Framework@3.0'],
  ['libc6', 'pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12'],
  ['vendored', null],
  ['odd', 'not a purl'],
] as const;

async function writeOldRows(knex: Knex) {
  await oldReport(knex, 'old-sbom');
  await oldReport(knex, 'old-scan');
  await knex('components').insert(
    OLD_COMPONENTS.map(([name, purl]) => ({
      report_id: 'old-sbom',
      entity_ref: entityRef,
      name,
      version: '1.0',
      purl,
      type: 'library',
      licenses: '[]',
    })),
  );
  const finding = {
    report_id: 'old-scan',
    entity_ref: entityRef,
    severity: 'critical',
    severity_rank: 0,
    installed_version: '2.14.1',
    fixed_version: '2.17.1',
  };
  await knex('vulnerabilities').insert([
    {
      ...finding,
      vuln_id: 'cve-2021-44228',
      cve_id: 'CVE-2021-44228',
      package_name: 'org.apache.logging.log4j:Log4j-Core',
      purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    },
    {
      ...finding,
      vuln_id: 'GHSA-jfh8-c2jp-5v3q',
      cve_id: null,
      package_name: 'OpenSSL',
      purl: null,
    },
  ]);
}

/** A database migrated by this release, holding rows of the previous one, not backfilled. */
async function legacyDatabaseOf(id: TestDatabaseId) {
  const { knex, store, count } = await createTestStore(databases, id);
  await writeOldRows(knex);
  return { knex, store, count };
}

describe.each(databases.eachSupportedId())('backfillPurlColumns on %s', id => {
  const legacyDatabase = () => legacyDatabaseOf(id);

  it('fills the purl columns and finding ids of old rows, in batches', async () => {
    const { knex } = await legacyDatabase();

    await expect(backfillPurlColumns(knex, { batchSize: 2 })).resolves.toEqual({
      components: 5,
      findings: 2,
      findingIds: 1,
      done: true,
    });

    expect(
      await knex('components')
        .orderBy('row_id')
        .select(
          'name_lower',
          'purl_type',
          'purl_namespace',
          'purl_name',
          'purl_version',
        ),
    ).toEqual([
      {
        name_lower: 'log4j-core',
        purl_type: 'maven',
        purl_namespace: 'org.apache.logging.log4j',
        purl_name: 'log4j-core',
        purl_version: '2.14.1',
      },
      {
        name_lower: 'django_rest.framework',
        purl_type: 'pypi',
        purl_namespace: null,
        purl_name: 'django-rest-framework',
        purl_version: '3.0',
      },
      {
        name_lower: 'libc6',
        purl_type: 'deb',
        purl_namespace: 'debian',
        purl_name: 'libc6',
        purl_version: '2.36-9',
      },
      ...['vendored', 'odd'].map(name => ({
        name_lower: name,
        purl_type: null,
        purl_namespace: null,
        purl_name: null,
        purl_version: null,
      })),
    ]);
    expect(
      await knex('vulnerabilities')
        .orderBy('row_id')
        .select('package_lower', 'purl_type', 'purl_namespace', 'purl_name'),
    ).toEqual([
      {
        package_lower: 'org.apache.logging.log4j:log4j-core',
        purl_type: 'maven',
        purl_namespace: 'org.apache.logging.log4j',
        purl_name: 'log4j-core',
      },
      {
        package_lower: 'openssl',
        purl_type: null,
        purl_namespace: null,
        purl_name: null,
      },
    ]);
    const findings = await knex('vulnerabilities')
      .orderBy('row_id')
      .pluck('row_id');
    expect(
      (
        await knex('finding_ids')
          .orderBy('id')
          .select('report_id', 'entity_ref', 'vulnerability_row_id', 'id')
      ).map(row => ({
        ...row,
        vulnerability_row_id: Number(row.vulnerability_row_id),
      })),
    ).toEqual([
      // The first finding's only id is its CVE, which its cve_id holds.
      {
        report_id: 'old-scan',
        entity_ref: entityRef,
        vulnerability_row_id: Number(findings[1]),
        id: 'GHSA-JFH8-C2JP-5V3Q',
      },
    ]);
  });

  it('leaves rows written by this release as they are and files no id twice', async () => {
    const { knex, store, count } = await legacyDatabase();
    await store.reports.replaceReport({
      write: reportWrite({
        entityRef,
        report: makeScan(0, {
          vulnerabilities: [
            makeVulnerability(1, {
              id: 'GHSA-jfh8-c2jp-5v3q',
              aliases: ['CVE-2021-44228'],
            }),
          ],
        }),
      }),
      now,
    });
    expect(await count('finding_ids')).toBe(1);

    const result = await backfillPurlColumns(knex, { batchSize: 2 });

    expect(result).toMatchObject({ findings: 2, findingIds: 1 });
    expect(await count('finding_ids')).toBe(2);
    expect(
      await knex('finding_ids')
        .where('report_id', 'not in', ['old-sbom', 'old-scan'])
        .orderBy('id')
        .pluck('id'),
    ).toEqual(['GHSA-JFH8-C2JP-5V3Q']);
  });

  it('runs once: a later start changes nothing', async () => {
    const { knex } = await legacyDatabase();
    await backfillPurlColumns(knex);
    expect(
      await knex('posture_meta')
        .where({ key: IMPACT_COLUMNS_BACKFILLED })
        .first('key'),
    ).toEqual({ key: IMPACT_COLUMNS_BACKFILLED });
    await knex('components').update({ name_lower: null });

    await expect(backfillPurlColumns(knex)).resolves.toEqual({
      components: 0,
      findings: 0,
      findingIds: 0,
      done: true,
    });
    expect(
      await knex('components').whereNotNull('name_lower').pluck('name'),
    ).toEqual([]);
  });
});

/** `count` old components and findings (GHSA ids, so each gets a finding_ids row). */
async function manyOldRows(id: TestDatabaseId, count: number) {
  const { knex, count: rows } = await createTestStore(databases, id);
  await knex('posture_meta').where({ key: IMPACT_COLUMNS_BACKFILLED }).delete();
  await oldReport(knex, 'old-many');
  await knex('components').insert(
    Array.from({ length: count }, (_, i) => ({
      report_id: 'old-many',
      entity_ref: entityRef,
      name: `Package-${i}`,
      version: '1.0',
      purl: `pkg:npm/package-${i}@1.0`,
      type: 'library',
      licenses: '[]',
    })),
  );
  await knex('vulnerabilities').insert(
    Array.from({ length: count }, (_, i) => ({
      report_id: 'old-many',
      entity_ref: entityRef,
      vuln_id: `GHSA-0000-0000-${String(i).padStart(4, '0')}`,
      cve_id: `CVE-2027-${String(i).padStart(4, '0')}`,
      severity: 'high',
      severity_rank: 1,
      package_name: `package-${i}`,
      purl: `pkg:npm/package-${i}@1.0`,
      installed_version: '1.0',
    })),
  );
  return { knex, rows };
}

describe.each(databases.eachSupportedId())(
  'backfillPurlColumns, resumed and concurrent, on %s',
  id => {
    /** Reads `aborted` as true from its `after`-th read on: stops a run between batches. */
    const stopAfterChecks = (after: number) => {
      let reads = 0;
      return {
        get aborted() {
          reads++;
          return reads > after;
        },
      } as AbortSignal;
    };

    it('stopped between batches, resumes after the last one done', async () => {
      const { knex, rows } = await manyOldRows(id, 10);

      // Two batches of components, then stopped.
      const first = await backfillPurlColumns(knex, {
        batchSize: 4,
        signal: stopAfterChecks(2),
      });
      expect(first).toEqual({
        components: 8,
        findings: 0,
        findingIds: 0,
        done: false,
      });
      expect(
        await knex('posture_meta')
          .where({ key: IMPACT_COLUMNS_BACKFILLED })
          .first(),
      ).toBeUndefined();
      expect(
        await knex('components').whereNull('name_lower').pluck('name'),
      ).toEqual(['Package-8', 'Package-9']);

      const rest = await backfillPurlColumns(knex, { batchSize: 4 });
      expect(rest).toEqual({
        components: 2,
        findings: 10,
        findingIds: 10,
        done: true,
      });
      expect(await rows('finding_ids')).toBe(10);
      expect(
        await knex('components').whereNull('purl_name').pluck('name'),
      ).toEqual([]);
    });

    it('two replicas at once do every row once', async () => {
      const { knex, rows } = await manyOldRows(id, 60);

      const results = await Promise.all([
        backfillPurlColumns(knex, { batchSize: 7 }),
        backfillPurlColumns(knex, { batchSize: 7 }),
      ]);

      expect(results.map(r => r.done)).toEqual([true, true]);
      expect(results[0].components + results[1].components).toBe(60);
      expect(results[0].findings + results[1].findings).toBe(60);
      expect(results[0].findingIds + results[1].findingIds).toBe(60);
      expect(await rows('finding_ids')).toBe(60);
      expect(
        await knex('finding_ids')
          .groupBy('vulnerability_row_id')
          .havingRaw('COUNT(*) > 1')
          .select('vulnerability_row_id'),
      ).toEqual([]);
      expect(
        await knex('components').whereNull('purl_name').pluck('name'),
      ).toEqual([]);
      expect(
        await knex('vulnerabilities').whereNull('purl_name').pluck('vuln_id'),
      ).toEqual([]);
    });

    it('answers impact questions by CVE before it reaches a finding, by package after', async () => {
      const { knex } = await legacyDatabaseOf(id);
      const impact = new DatabaseImpactStore(knex);
      const byCve = () =>
        impact.affectedEntities({
          query: { kind: 'vulnerability', id: 'CVE-2021-44228' },
        });
      const byPackage = () =>
        impact.affectedEntities({
          query: {
            kind: 'package',
            name: 'log4j-core',
            ecosystem: null,
            versionMatches: null,
          },
        });

      await expect(byCve()).resolves.toEqual([entityRef]);
      await expect(byPackage()).resolves.toEqual([]);

      await backfillPurlColumns(knex);

      await expect(byCve()).resolves.toEqual([entityRef]);
      await expect(byPackage()).resolves.toEqual([entityRef]);
    });
  },
);

describe.each(
  databases.eachSupportedId().filter(([id]) => id === 'POSTGRES_15'),
)('backfillPurlColumns beside uploads on %s', id => {
  it('gives way to an upload holding rows of its batch, and resumes later', async () => {
    const { knex } = await manyOldRows(id, 6);

    const busy = await knex.transaction(async upload => {
      // As an upload deleting a report's rows holds them until it commits.
      await upload('components').where({ name: 'Package-4' }).forUpdate();
      return backfillPurlColumns(knex, {
        batchSize: 4,
        lockAttempts: 3,
        lockPauseMs: 10,
      });
    });

    // The first batch was done; the second, which holds Package-4, was left for later.
    expect(busy).toEqual({
      components: 4,
      findings: 0,
      findingIds: 0,
      done: false,
    });
    await expect(backfillPurlColumns(knex, { batchSize: 4 })).resolves.toEqual({
      components: 2,
      findings: 6,
      findingIds: 6,
      done: true,
    });
  });
});
