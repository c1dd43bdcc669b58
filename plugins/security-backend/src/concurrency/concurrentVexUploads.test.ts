import { createTestStore, reportWrite } from '../__testUtils__/storeHarness';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  apiScan,
  vexMarks,
  vexStatement,
  vexWrite,
} from '../__testUtils__/vexWrites';

/*
 * A VEX upload and a report upload for one entity, racing: each runs in the entity's write
 * lock, so whichever goes first, both land and the statement marks the new scan's finding.
 */

const databases = createTestDatabases();
const entityRef = 'component:default/api';
const now = new Date('2026-11-23T12:00:00Z');

describe.each(databases.eachSupportedId())(
  'concurrent VEX and report uploads on %s',
  databaseId => {
    it('both land, and the end state applies the statement to the new scan', async () => {
      const { store, knex } = await createTestStore(databases, databaseId);
      await store.reports.replaceReport({
        write: reportWrite({ report: apiScan(5) }),
        now,
      });

      for (let round = 0; round < 5; round++) {
        const [vex, report] = await Promise.all([
          store.vex.recordStatements(
            vexWrite([
              vexStatement({
                // Every build of the repository, a later time each round.
                products: ['ghcr.io/acme/api'],
                timestamp: `2026-11-21T0${round}:00:00.000Z`,
              }),
            ]),
          ),
          store.reports.replaceReport({
            write: reportWrite({
              report: apiScan(5 + round, {
                generatedAt: `2026-11-22T0${round}:00:00.000Z`,
              }),
              sha256: String(round).repeat(64),
            }),
            now,
          }),
        ]);
        expect(vex.stored).toBe(1);
        expect(report.outcome).toBe('stored');

        expect(await vexMarks(knex)).toEqual({
          'CVE-2026-10001 (pkg-1)': 'not_affected',
        });
        const [{ n }] = await knex('vulnerabilities')
          .where({ entity_ref: entityRef })
          .count({ n: '*' });
        expect(Number(n)).toBe(5 + round);
        // The other high finding (makeVulnerability(6)) arrives with the third scan.
        const posture = await store.summaries.get({ entityRef });
        expect(posture?.vulnerabilities?.high).toBe(round >= 2 ? 1 : 0);
      }
    });

    it('racing statements leave the newest, whichever commits last', async () => {
      const { store, knex } = await createTestStore(databases, databaseId);
      await store.reports.replaceReport({
        write: reportWrite({ report: apiScan(5) }),
        now,
      });
      const statuses = ['affected', 'under_investigation', 'fixed'] as const;
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          store.vex.recordStatements(
            vexWrite([
              vexStatement({
                status: statuses[i % 3],
                justification: null,
                timestamp: new Date(Date.UTC(2026, 10, 1 + i)).toISOString(),
              }),
            ]),
          ),
        ),
      );
      // 2026-11-12 is the newest: i = 11, fixed.
      expect(await vexMarks(knex)).toEqual({
        'CVE-2026-10001 (pkg-1)': 'fixed',
      });
      expect(await knex('vex_statements').select('status')).toEqual([
        { status: 'fixed' },
      ]);
      expect(
        (await store.summaries.get({ entityRef }))?.vulnerabilities?.high,
      ).toBe(0);
    });
  },
);
