import {
  createTestStore,
  reportWrite,
  TEST_ENTITY_REF,
} from '../__testUtils__/storeHarness';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { makeSbom, makeScan } from '../__testUtils__/parsedReports';

const databases = createTestDatabases();
const entityRef = TEST_ENTITY_REF;
const now = new Date('2026-11-23T00:00:00Z');

const write = reportWrite;

describe.each(databases.eachSupportedId())('deleteReport on %s', id => {
  const createStore = () => createTestStore(databases, id);

  it('removes the report with its findings and document and recomputes the summary', async () => {
    const { store, count } = await createStore();
    const scan = await store.reports.replaceReport({ write: write(), now });
    await store.reports.replaceReport({
      write: write({ report: makeSbom(4), sha256: 'b'.repeat(64) }),
      now,
    });
    expect((await store.summaries.get({ entityRef }))?.grade).toBe('F');

    const deleted = await store.reports.deleteReport({
      entityRef,
      reportId: scan.report.id,
      now,
    });

    expect(deleted).toMatchObject({ id: scan.report.id, format: 'trivy' });
    expect(await count('vulnerabilities')).toBe(0);
    expect(await count('report_documents')).toBe(1);
    // The SBOM of the same image stays, with its components.
    expect(await count('components')).toBe(4);
    expect(
      (await store.reports.listReports({ entityRef })).map(r => r.format),
    ).toEqual(['cyclonedx']);
    const posture = await store.summaries.get({ entityRef });
    expect(posture?.vulnerabilities).toBeNull();
    expect(posture?.sbom).toMatchObject({ components: 4 });
  });

  it('lets the slot take an older report afterwards, as if the deleted one had never been', async () => {
    const { store } = await createStore();
    const forged = await store.reports.replaceReport({
      write: write({
        report: makeScan(0, { generatedAt: '2026-11-22T23:59:00.000Z' }),
        sha256: 'f'.repeat(64),
      }),
      now,
    });
    const genuine = write({ sha256: 'c'.repeat(64) });
    expect(
      (await store.reports.replaceReport({ write: genuine, now })).outcome,
    ).toBe('older');

    await store.reports.deleteReport({
      entityRef,
      reportId: forged.report.id,
      now,
    });

    expect(
      (await store.reports.replaceReport({ write: genuine, now })).outcome,
    ).toBe('stored');
    expect(
      (await store.summaries.get({ entityRef }))?.vulnerabilities,
    ).toMatchObject({ critical: 2, scannedAt: '2026-11-20T10:00:00.000Z' });
  });

  it('answers undefined and changes nothing for an unknown id or another entity’s report', async () => {
    const { store, count } = await createStore();
    const stored = await store.reports.replaceReport({ write: write(), now });
    const before = await store.summaries.get({ entityRef });

    expect(
      await store.reports.deleteReport({
        entityRef,
        reportId: '00000000-0000-4000-8000-000000000000',
        now,
      }),
    ).toBeUndefined();
    expect(
      await store.reports.deleteReport({
        entityRef: 'component:default/web',
        reportId: stored.report.id,
        now,
      }),
    ).toBeUndefined();

    expect(await count('reports')).toBe(1);
    expect(await count('vulnerabilities')).toBe(10);
    expect(await store.summaries.get({ entityRef })).toEqual(before);
  });
});
