import type { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { createTestStore, reportWrite } from '../__testUtils__/storeHarness';
import { makeScan, makeVulnerability } from '../__testUtils__/parsedReports';
import {
  backfillPurlColumns,
  IMPACT_COLUMNS_BACKFILLED,
} from './backfillPurlColumns';

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

describe.each(databases.eachSupportedId())('backfillPurlColumns on %s', id => {
  async function legacyDatabase() {
    const { knex, store, count } = await createTestStore(databases, id);
    // As if the database had been migrated by this release but never backfilled.
    await knex('posture_meta')
      .where({ key: IMPACT_COLUMNS_BACKFILLED })
      .delete();
    await writeOldRows(knex);
    return { knex, store, count };
  }

  it('fills the purl columns and finding ids of old rows, in batches', async () => {
    const { knex } = await legacyDatabase();

    await expect(backfillPurlColumns(knex, { batchSize: 2 })).resolves.toEqual({
      components: 5,
      findings: 2,
      findingIds: 2,
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
      {
        report_id: 'old-scan',
        entity_ref: entityRef,
        vulnerability_row_id: Number(findings[0]),
        id: 'CVE-2021-44228',
      },
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
    expect(await count('finding_ids')).toBe(2);

    const result = await backfillPurlColumns(knex, { batchSize: 2 });

    expect(result).toMatchObject({ findings: 2, findingIds: 2 });
    expect(await count('finding_ids')).toBe(4);
    expect(
      await knex('finding_ids')
        .where('report_id', 'not in', ['old-sbom', 'old-scan'])
        .orderBy('id')
        .pluck('id'),
    ).toEqual(['CVE-2021-44228', 'GHSA-JFH8-C2JP-5V3Q']);
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
    });
    expect(
      await knex('components').whereNotNull('name_lower').pluck('name'),
    ).toEqual([]);
  });
});
