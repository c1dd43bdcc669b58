import {
  createTestStore,
  reportWrite,
  TEST_ENTITY_REF,
} from '../__testUtils__/storeHarness';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { makeScan, makeVulnerability } from '../__testUtils__/parsedReports';
import {
  API_DIGEST,
  API_PURL,
  NEXT_API_DIGEST,
  apiScan,
  vexMarks,
  vexStatement,
  vexWrite,
} from '../__testUtils__/vexWrites';

/*
 * Which findings a stored VEX statement marks, and what leaves the counts: the statement must
 * name the finding's vulnerability (id or CVE) and the image of the finding's report.
 */

const databases = createTestDatabases();
const entityRef = TEST_ENTITY_REF;
const now = new Date('2026-11-23T00:00:00Z');
const CVE = 'CVE-2026-10001 (pkg-1)';

describe.each(databases.eachSupportedId())('VEX statements on %s', id => {
  async function storeWithScan(scan = apiScan(5)) {
    const harness = await createTestStore(databases, id);
    await harness.store.reports.replaceReport({
      write: reportWrite({ report: scan }),
      now,
    });
    return harness;
  }
  const fixableCheck = (posture: any) =>
    posture?.checks.find((c: any) => c.check === 'fixable-vulnerabilities')
      ?.status;
  const highCount = async (store: any) =>
    (await store.summaries.get({ entityRef }))?.vulnerabilities?.high;

  it.each([
    ['an image purl with repository_url and digest', API_PURL],
    ['an image reference with digest', `ghcr.io/acme/api@${API_DIGEST}`],
    ['the image repository (every build)', 'ghcr.io/acme/api:1.4.2'],
    ['the bare digest', API_DIGEST],
  ])(
    'a not_affected statement for %s clears exactly that finding',
    async (_, product) => {
      const { store, knex } = await storeWithScan();
      const before = await store.summaries.get({ entityRef });
      expect(before?.vulnerabilities?.high).toBe(1);
      expect(fixableCheck(before)).toBe('fail');

      const result = await store.vex.recordStatements(
        vexWrite([vexStatement({ products: [product] })]),
      );

      expect(result).toEqual({ statements: 1, stored: 1, applied: 1 });
      expect(await vexMarks(knex)).toEqual({ [CVE]: 'not_affected' });
      // Out of the counts (and the fixable counts) the summary is made of.
      const posture = await store.summaries.get({ entityRef });
      expect(posture?.vulnerabilities).toMatchObject({
        critical: 1,
        high: 0,
        medium: 1,
        low: 1,
        unknown: 1,
        fixable: { high: 0 },
      });
      // And out of the grade: the fixable high finding was what failed the check.
      expect(fixableCheck(posture)).toBe('pass');
      expect(posture!.score!).toBeGreaterThan(before!.score!);
    },
  );

  it.each([
    [
      'another repository',
      `pkg:oci/web@${NEXT_API_DIGEST}?repository_url=ghcr.io/acme/web`,
    ],
    ['another image reference', 'ghcr.io/acme/web:2.0'],
    ['another build of the repository', `ghcr.io/acme/api@${NEXT_API_DIGEST}`],
    ['another digest', NEXT_API_DIGEST],
    ['a package, not an image', 'pkg:npm/pkg-1@1.1.0'],
  ])(
    'the same statement for %s is stored but clears nothing',
    async (_, product) => {
      const { store, knex } = await storeWithScan();
      const before = await store.summaries.get({ entityRef });

      const result = await store.vex.recordStatements(
        vexWrite([vexStatement({ products: [product] })]),
      );

      expect(result).toEqual({ statements: 1, stored: 1, applied: 0 });
      expect(await vexMarks(knex)).toEqual({});
      const after = await store.summaries.get({ entityRef });
      expect(after?.vulnerabilities).toEqual(before?.vulnerabilities);
      expect(after?.grade).toBe(before?.grade);
    },
  );

  it.each(['affected', 'under_investigation'] as const)(
    '%s marks the finding and keeps it counted',
    async status => {
      const { store, knex } = await storeWithScan();
      const result = await store.vex.recordStatements(
        vexWrite([
          vexStatement({
            status,
            justification: null,
            actionStatement: 'Upgrade pkg-1',
          }),
        ]),
      );
      expect(result.applied).toBe(1);
      expect(await vexMarks(knex)).toEqual({ [CVE]: status });
      expect(await highCount(store)).toBe(1);
    },
  );

  it('fixed clears the finding, and a newer affected statement brings it back', async () => {
    const { store, knex } = await storeWithScan();
    await store.vex.recordStatements(
      vexWrite([vexStatement({ status: 'fixed', justification: null })]),
    );
    expect(await vexMarks(knex)).toEqual({ [CVE]: 'fixed' });
    expect(await highCount(store)).toBe(0);

    const newer = await store.vex.recordStatements(
      vexWrite([
        vexStatement({
          status: 'affected',
          justification: null,
          timestamp: '2026-11-22T09:00:00.000Z',
        }),
      ]),
    );

    expect(newer).toEqual({ statements: 1, stored: 1, applied: 1 });
    expect(await vexMarks(knex)).toEqual({ [CVE]: 'affected' });
    expect(await highCount(store)).toBe(1);
    // Replaced in place: one row for (vulnerability, product, subcomponent).
    const rows = await knex('vex_statements').select('status');
    expect(rows).toEqual([{ status: 'affected' }]);
  });

  it('ignores an older statement, and one as old as the stored one', async () => {
    const { store, knex } = await storeWithScan();
    await store.vex.recordStatements(vexWrite([vexStatement()]));

    const older = await store.vex.recordStatements(
      vexWrite([
        vexStatement({
          status: 'affected',
          justification: null,
          timestamp: '2026-11-20T09:00:00.000Z',
        }),
      ]),
    );
    const same = await store.vex.recordStatements(
      vexWrite([vexStatement({ status: 'affected', justification: null })]),
    );

    expect(older).toEqual({ statements: 1, stored: 0, applied: 0 });
    expect(same).toEqual({ statements: 1, stored: 0, applied: 0 });
    expect(await vexMarks(knex)).toEqual({ [CVE]: 'not_affected' });
  });

  it('a later scan of the image keeps its statements; a scan of another build only those for every build', async () => {
    const { store, knex } = await storeWithScan();
    await store.vex.recordStatements(
      vexWrite([
        // This build only.
        vexStatement(),
        // Every build of the repository.
        vexStatement({
          vulnerability: 'CVE-2026-10002',
          products: ['ghcr.io/acme/api'],
          status: 'under_investigation',
          justification: null,
        }),
      ]),
    );
    expect(await vexMarks(knex)).toEqual({
      [CVE]: 'not_affected',
      'CVE-2026-10002 (pkg-2)': 'under_investigation',
    });

    await store.reports.replaceReport({
      write: reportWrite({
        report: apiScan(5, { generatedAt: '2026-11-22T10:00:00.000Z' }),
        sha256: 'b'.repeat(64),
      }),
      now,
    });
    expect(await vexMarks(knex)).toEqual({
      [CVE]: 'not_affected',
      'CVE-2026-10002 (pkg-2)': 'under_investigation',
    });
    expect(await highCount(store)).toBe(0);

    await store.reports.replaceReport({
      write: reportWrite({
        report: apiScan(5, {
          digest: NEXT_API_DIGEST,
          generatedAt: '2026-11-23T10:00:00.000Z',
        }),
        sha256: 'c'.repeat(64),
      }),
      now,
    });
    expect(await vexMarks(knex)).toEqual({
      'CVE-2026-10002 (pkg-2)': 'under_investigation',
    });
    expect(await highCount(store)).toBe(1);
  });

  it('a statement stored before any scan applies to the first one', async () => {
    const { store, knex } = await createTestStore(databases, id);
    const result = await store.vex.recordStatements(vexWrite([vexStatement()]));
    expect(result).toEqual({ statements: 1, stored: 1, applied: 0 });

    await store.reports.replaceReport({
      write: reportWrite({ report: apiScan(5) }),
      now,
    });

    expect(await vexMarks(knex)).toEqual({ [CVE]: 'not_affected' });
    expect(await highCount(store)).toBe(0);
  });

  it('a subcomponent limits the statement to that package', async () => {
    const libssl = makeVulnerability(1, {
      id: 'CVE-2023-5363',
      packageName: 'libssl3',
      purl: 'pkg:apk/alpine/libssl3@3.1.2-r0?arch=x86_64&distro=3.18.4',
    });
    const libcrypto = makeVulnerability(1, {
      id: 'CVE-2023-5363',
      packageName: 'libcrypto3',
      purl: 'pkg:apk/alpine/libcrypto3@3.1.2-r0?arch=x86_64&distro=3.18.4',
    });
    const { store, knex } = await storeWithScan(
      makeScan(0, {
        ...apiScan(0),
        vulnerabilities: [libssl, libcrypto],
      }),
    );
    const result = await store.vex.recordStatements(
      vexWrite([
        vexStatement({
          vulnerability: 'CVE-2023-5363',
          subcomponents: ['pkg:apk/alpine/libssl3@3.1.2-r0'],
        }),
      ]),
    );
    expect(result.applied).toBe(1);
    expect(await vexMarks(knex)).toEqual({
      'CVE-2023-5363 (libssl3)': 'not_affected',
    });
  });

  it('matches a statement through aliases and the finding CVE', async () => {
    const { store, knex } = await storeWithScan(
      makeScan(0, {
        ...apiScan(0),
        vulnerabilities: [
          makeVulnerability(1, { id: 'CVE-2021-44228', packageName: 'a' }),
          makeVulnerability(2, {
            id: 'GHSA-8489-44mv-ggj8',
            aliases: ['CVE-2021-44832'],
            packageName: 'b',
          }),
          makeVulnerability(3, { id: 'CVE-2021-45046', packageName: 'c' }),
        ],
      }),
    );
    await store.vex.recordStatements(
      vexWrite([
        // A GHSA statement with the finding's CVE as alias.
        vexStatement({
          vulnerability: 'GHSA-jfh8-c2jp-5v3q',
          aliases: ['cve-2021-44228'],
        }),
        // A CVE statement about a finding known by its GHSA with that CVE as alias.
        vexStatement({ vulnerability: 'CVE-2021-44832' }),
      ]),
    );
    expect(await vexMarks(knex)).toEqual({
      'CVE-2021-44228 (a)': 'not_affected',
      'GHSA-8489-44mv-ggj8 (b)': 'not_affected',
    });
  });

  it('the newest statement that applies wins, whichever product it names', async () => {
    const { store, knex } = await storeWithScan();
    await store.vex.recordStatements(
      vexWrite([
        vexStatement({ timestamp: '2026-11-21T09:00:00.000Z' }),
        vexStatement({
          products: ['ghcr.io/acme/api'],
          status: 'affected',
          justification: null,
          timestamp: '2026-11-22T09:00:00.000Z',
        }),
      ]),
    );
    expect(await vexMarks(knex)).toEqual({ [CVE]: 'affected' });

    const later = await store.vex.recordStatements(
      vexWrite([
        vexStatement({
          products: [API_DIGEST],
          timestamp: '2026-11-22T12:00:00Z',
        }),
      ]),
    );
    expect(later.applied).toBe(1);
    expect(await vexMarks(knex)).toEqual({ [CVE]: 'not_affected' });
  });

  it('keeps statements of other entities apart', async () => {
    const { store, knex } = await storeWithScan();
    await store.vex.recordStatements(
      vexWrite([vexStatement()], { entityRef: 'component:default/web' }),
    );
    expect(await vexMarks(knex)).toEqual({});
    expect(await highCount(store)).toBe(1);
  });
});
