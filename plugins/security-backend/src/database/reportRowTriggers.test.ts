import {
  createTestStore,
  reportWrite,
  TEST_ENTITY_REF,
} from '../__testUtils__/storeHarness';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  makeComponent,
  makeScan,
  makeVulnerability,
} from '../__testUtils__/parsedReports';

/*
 * On PostgreSQL, components, findings and finding ids belong to their report through
 * statement triggers instead of foreign keys (migration 20270201120000): the guarantees are a
 * foreign key's, checked once per statement rather than once per row.
 */

const databases = createTestDatabases();
const now = new Date('2027-02-01T12:00:00Z');

describe.each(
  databases.eachSupportedId().filter(([id]) => id === 'POSTGRES_15'),
)('report rows on %s', id => {
  async function storedScan() {
    const { knex, store, count } = await createTestStore(databases, id);
    const { report } = await store.reports.replaceReport({
      write: reportWrite({
        report: makeScan(0, {
          vulnerabilities: [
            makeVulnerability(1, { aliases: ['GHSA-aaaa-bbbb-cccc'] }),
            makeVulnerability(2),
          ],
          components: [makeComponent(1), makeComponent(2)],
        }),
      }),
      now,
    });
    return { knex, count, reportId: report.id };
  }

  it.each([
    ['components', { name: 'x', licenses: '[]' }],
    [
      'vulnerabilities',
      {
        vuln_id: 'CVE-1',
        severity: 'high',
        severity_rank: 1,
        package_name: 'x',
      },
    ],
    ['finding_ids', { vulnerability_row_id: 1, id: 'GHSA-X' }],
  ])(
    'refuses %s rows naming a report that does not exist, as a foreign key does',
    async (table, values) => {
      const { knex, reportId, count } = await storedScan();
      const before = await count(table);

      await expect(
        knex(table).insert([
          { report_id: reportId, entity_ref: TEST_ENTITY_REF, ...values },
          {
            report_id: 'no-such-report',
            entity_ref: TEST_ENTITY_REF,
            ...values,
          },
        ]),
      ).rejects.toMatchObject({
        code: '23503',
        message: expect.stringContaining(
          `insert into ${table} names a report that does not exist`,
        ),
      });
      expect(await count(table)).toBe(before);
    },
  );

  it('deletes the rows of a report deleted by any statement, as ON DELETE CASCADE does', async () => {
    const { knex, count, reportId } = await storedScan();
    expect([
      await count('components'),
      await count('vulnerabilities'),
      await count('finding_ids'),
    ]).toEqual([2, 2, 1]);

    await knex('reports').where({ id: reportId }).delete();

    expect([
      await count('components'),
      await count('vulnerabilities'),
      await count('finding_ids'),
    ]).toEqual([0, 0, 0]);
  });

  it('keeps the report of rows being written until their transaction ends', async () => {
    const { knex, count, reportId } = await storedScan();
    let deletion: Promise<unknown> | undefined;

    await knex.transaction(async trx => {
      await trx('components').insert({
        report_id: reportId,
        entity_ref: TEST_ENTITY_REF,
        name: 'late',
        licenses: '[]',
      });
      // Another connection deleting the report waits for this transaction's lock on it.
      deletion = knex('reports')
        .where({ id: reportId })
        .delete()
        .then(deleted => deleted);
      await pollUntil(async () => {
        const { rows } = await knex.raw(
          `SELECT COUNT(*) AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'
              AND query ILIKE 'delete from "reports"%'`,
        );
        return Number(rows[0].n) === 1;
      });
    });
    await deletion;

    // The deletion went ahead once the rows were committed, and took them with it.
    expect(await count('reports')).toBe(0);
    expect(await count('components')).toBe(0);
  });
});

/** Polls another connection's state, for at most 10 s. */
async function pollUntil(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error('Condition not met within 10 s');
    }
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}
