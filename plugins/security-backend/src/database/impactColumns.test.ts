import {
  createTestStore,
  reportWrite,
  TEST_ENTITY_REF,
} from '../__testUtils__/storeHarness';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  makeComponent,
  makeSbom,
  makeScan,
  makeVulnerability,
} from '../__testUtils__/parsedReports';
import { findingIdsOf } from './impactColumns';

/*
 * What ingestion writes for the impact query: purls parsed into lower-case columns, names in
 * lower case, and every id and alias of each finding in finding_ids, gone with their report.
 */

const databases = createTestDatabases();
const entityRef = TEST_ENTITY_REF;
const now = new Date('2026-11-23T00:00:00Z');
const long = (n: number, c = 'x') => c.repeat(n);

describe('findingIdsOf', () => {
  it('upper-cases, trims and keeps each id once, the CVE only when not already there', () => {
    expect(
      findingIdsOf(
        'ghsa-jfh8-c2jp-5v3q',
        [' CVE-2021-44228 ', 'cve-2021-44228', 'GHSA-JFH8-C2JP-5V3Q', ''],
        'CVE-2021-44228',
      ),
    ).toEqual(['GHSA-JFH8-C2JP-5V3Q', 'CVE-2021-44228']);
  });

  it('leaves out ids too long for the indexed column and NUL characters', () => {
    expect(findingIdsOf(long(256, 'I'), ['DSA-5\u00001'], null)).toEqual([
      'DSA-51',
    ]);
  });
});

describe.each(databases.eachSupportedId())('impact columns on %s', id => {
  const createStore = () => createTestStore(databases, id);

  it('parses component purls into lower-case columns, qualifiers dropped', async () => {
    const { store, knex } = await createStore();
    await store.reports.replaceReport({
      write: reportWrite({
        report: makeSbom(0, {
          components: [
            makeComponent(1, {
              name: 'Log4j-Core',
              version: '2.14.1',
              purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar',
            }),
            makeComponent(2, {
              name: 'Django_Rest.Framework',
              version: '3.0',
              purl: 'pkg:pypi/Django_Rest.Framework@3.0',
            }),
            makeComponent(3, {
              name: 'libc6',
              version: '2.36-9',
              purl: 'pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12',
            }),
            makeComponent(4, { name: 'vendored', purl: null }),
            makeComponent(5, { name: 'odd', purl: 'not a purl' }),
          ],
        }),
      }),
      now,
    });
    const rows = await knex('components')
      .orderBy('row_id')
      .select(
        'name_lower',
        'purl_type',
        'purl_namespace',
        'purl_name',
        'purl_version',
      );
    expect(rows).toEqual([
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
  });

  it('gives findings their package in lower case and their purl columns', async () => {
    const { store, knex } = await createStore();
    await store.reports.replaceReport({
      write: reportWrite({
        report: makeScan(0, {
          vulnerabilities: [
            makeVulnerability(1, {
              packageName: 'org.apache.logging.log4j:Log4j-Core',
              purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
            }),
            makeVulnerability(2, { packageName: 'OpenSSL', purl: null }),
          ],
        }),
      }),
      now,
    });
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
  });

  it('files each id and alias of a finding under it: its CVE as cve_id, the others in finding_ids', async () => {
    const { store, knex } = await createStore();
    await store.reports.replaceReport({
      write: reportWrite({
        report: makeScan(0, {
          vulnerabilities: [
            makeVulnerability(1, {
              id: 'GHSA-jfh8-c2jp-5v3q',
              aliases: ['CVE-2021-44228'],
            }),
            makeVulnerability(2, {
              id: 'CVE-2019-1559',
              aliases: ['RHSA-2019:2304', 'cve-2019-1559'],
            }),
            makeVulnerability(3, { id: 'cve-2023-4911' }),
            // The same CVE in another package: a finding of its own.
            makeVulnerability(4, {
              id: 'CVE-2019-1559',
              packageName: 'openssl-libs',
            }),
          ],
        }),
      }),
      now,
    });
    const findings = await knex('vulnerabilities')
      .orderBy('row_id')
      .select('row_id', 'package_name', 'cve_id');
    const ids = await knex('finding_ids')
      .orderBy(['vulnerability_row_id', 'id'])
      .select('vulnerability_row_id', 'id', 'entity_ref', 'report_id');
    const byFinding = findings.map(finding =>
      ids
        .filter(
          row => Number(row.vulnerability_row_id) === Number(finding.row_id),
        )
        .map(row => row.id),
    );
    expect(findings.map(f => f.cve_id)).toEqual([
      'CVE-2021-44228',
      'CVE-2019-1559',
      'CVE-2023-4911',
      'CVE-2019-1559',
    ]);
    // A finding known by its CVE alone needs no finding_ids row.
    expect(byFinding).toEqual([
      ['GHSA-JFH8-C2JP-5V3Q'],
      ['RHSA-2019:2304'],
      [],
      [],
    ]);
    const [report] = await store.reports.listReports({ entityRef });
    expect(
      new Set(ids.map(row => `${row.entity_ref} ${row.report_id}`)),
    ).toEqual(new Set([`${entityRef} ${report.id}`]));
  });

  it('replaces the finding ids with the report and deletes them with it', async () => {
    const { store, knex, count } = await createStore();
    await store.reports.replaceReport({
      write: reportWrite({
        report: makeScan(0, {
          vulnerabilities: [1, 2, 3].map(i =>
            makeVulnerability(i, { aliases: [`GHSA-0000-0000-000${i}`] }),
          ),
        }),
      }),
      now,
    });
    expect(await count('finding_ids')).toBe(3);

    const newer = await store.reports.replaceReport({
      write: reportWrite({
        report: makeScan(0, {
          generatedAt: '2026-11-21T10:00:00.000Z',
          vulnerabilities: [makeVulnerability(7, { aliases: ['DSA-1'] })],
        }),
        sha256: 'b'.repeat(64),
      }),
      now,
    });
    expect(await knex('finding_ids').orderBy('id').pluck('id')).toEqual([
      'DSA-1',
    ]);

    await store.reports.deleteReport({
      entityRef,
      reportId: newer.report.id,
      now,
    });
    expect(await count('finding_ids')).toBe(0);
  });

  it('stores values too long for an indexed column, leaving that column empty', async () => {
    const { store, knex } = await createStore();
    const result = await store.reports.replaceReport({
      write: reportWrite({
        report: makeScan(0, {
          vulnerabilities: [
            makeVulnerability(1, {
              id: long(256, 'I'),
              aliases: ['CVE-2026-0001'],
              packageName: long(513, 'p'),
              purl: `pkg:npm/${long(3000)}@1.0`,
            }),
            // A CVE-shaped id longer than cve_id's 32 characters.
            makeVulnerability(2, { id: `CVE-2026-${long(30, '1')}` }),
          ],
          components: [
            makeComponent(1, {
              name: long(1025, 'n'),
              purl: `pkg:npm/ok@${long(300, '1')}`,
            }),
            // 1,000 three-byte characters fit 1,024 characters, not a btree entry's bytes.
            makeComponent(2, { name: long(1000, '\u20AC'), purl: null }),
          ],
        }),
      }),
      now,
    });
    expect(result.outcome).toBe('stored');
    expect(
      await knex('vulnerabilities')
        .orderBy('row_id')
        .select('package_lower', 'purl_name', 'cve_id'),
    ).toEqual([
      { package_lower: null, purl_name: null, cve_id: 'CVE-2026-0001' },
      { package_lower: 'pkg-2', purl_name: 'pkg-2', cve_id: null },
    ]);
    // The first finding's id does not fit finding_ids.id and its CVE alias is its cve_id; the
    // second's CVE-shaped id does not fit cve_id, so finding_ids has it.
    expect(await knex('finding_ids').orderBy('id').pluck('id')).toEqual([
      `CVE-2026-${long(30, '1')}`,
    ]);
    expect(
      await knex('components')
        .orderBy('row_id')
        .select('name_lower', 'purl_name', 'purl_version'),
    ).toEqual([
      { name_lower: null, purl_name: 'ok', purl_version: null },
      { name_lower: null, purl_name: null, purl_version: null },
    ]);
  });
});
