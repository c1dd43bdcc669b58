import {
  createTestStore,
  reportWrite,
  TEST_ENTITY_REF,
} from '../__testUtils__/storeHarness';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  makeSbom,
  makeScan,
  makeVulnerability,
} from '../__testUtils__/parsedReports';

const databases = createTestDatabases();
const entityRef = TEST_ENTITY_REF;
// A fixed clock, so the scan-age rule does not change the expected grades as time passes.
const now = new Date('2026-11-23T00:00:00Z');

const write = reportWrite;

describe.each(databases.eachSupportedId())('replaceReport on %s', id => {
  const createStore = () => createTestStore(databases, id);

  it('stores the findings and recomputes the summary with counts, fixable counts and a grade', async () => {
    const { store, count } = await createStore();
    const result = await store.reports.replaceReport({ write: write(), now });
    expect(result.outcome).toBe('stored');
    expect(await count('vulnerabilities')).toBe(10);
    const posture = await store.summaries.get({ entityRef: entityRef });
    // makeVulnerability cycles severities; ids divisible by 3 have no fix.
    expect(posture?.vulnerabilities).toMatchObject({
      critical: 2,
      high: 2,
      medium: 2,
      low: 2,
      unknown: 2,
      fixable: { critical: 1, high: 1, medium: 2, low: 1, unknown: 1 },
      scannedAt: '2026-11-20T10:00:00.000Z',
      artifact: 'ghcr.io/acme/api:1.0',
      digest: 'sha256:aaaa',
      stale: false,
      // No KEV catalog or EPSS scores loaded, no VEX statement.
      kev: 0,
      highEpss: 0,
      notAffected: 0,
    });
    // Default policy: scan-age (20) and the exploitability checks (20 and 10, nothing known
    // exploited) pass of 120; the fixable critical and high findings fail their check, there
    // is no SBOM, and the signature of sha256:aaaa is missing.
    expect(posture?.score).toBe(42);
    expect(posture?.grade).toBe('F');
    expect(posture?.checks.map(c => [c.check, c.status])).toEqual([
      ['known-exploited', 'pass'],
      ['exploit-likelihood', 'pass'],
      ['fixable-vulnerabilities', 'fail'],
      ['scan-age', 'pass'],
      ['sbom', 'fail'],
      ['signature', 'missing'],
    ]);
    expect(posture?.reasons[0].check).toBe('fixable-vulnerabilities');
  });

  it('changes nothing when the same report is uploaded twice', async () => {
    const { store, count } = await createStore();
    const first = await store.reports.replaceReport({ write: write(), now });
    const second = await store.reports.replaceReport({ write: write(), now });
    expect(second).toEqual({
      outcome: 'unchanged',
      report: (first as any).report,
    });
    expect(await count('vulnerabilities')).toBe(10);
    expect(await count('reports')).toBe(1);
  });

  it('replaces the findings of the same artifact with a newer scan, whatever the tag', async () => {
    const { store, knex, count } = await createStore();
    await store.reports.replaceReport({ write: write(), now });
    const newer = makeScan(3, {
      artifact: { name: 'ghcr.io/acme/api:2.0', digests: [] },
      generatedAt: '2026-11-21T10:00:00Z',
      vulnerabilities: [0, 1, 2].map(i => makeVulnerability(i + 500)),
    });
    const result = await store.reports.replaceReport({
      write: write({ report: newer, sha256: 'b'.repeat(64) }),
      now,
    });
    expect(result.outcome).toBe('stored');
    expect(result.outcome === 'stored' && result.replaced?.findings).toBe(10);
    expect(await count('vulnerabilities')).toBe(3);
    expect(await count('report_documents')).toBe(1);
    const ids = (await knex('vulnerabilities').pluck('vuln_id')).sort();
    expect(ids).toEqual(['CVE-2026-10500', 'CVE-2026-10501', 'CVE-2026-10502']);
    const posture = await store.summaries.get({ entityRef: entityRef });
    expect(posture?.vulnerabilities?.artifact).toBe('ghcr.io/acme/api:2.0');
  });

  it('knows the image digests of the current reports, for pull sources', async () => {
    const { store } = await createStore();
    await store.reports.replaceReport({ write: write(), now });
    await store.reports.replaceReport({
      write: write({ report: makeSbom(1), sha256: 'f'.repeat(64) }),
      now,
    });
    await expect(
      store.reports.knownDigests({ entityRef: entityRef }),
    ).resolves.toEqual(['sha256:aaaa']);
    await expect(
      store.reports.knownDigests({ entityRef: 'component:default/other' }),
    ).resolves.toEqual([]);
  });

  it('keeps the current scan when an older one arrives late', async () => {
    const { store, count } = await createStore();
    await store.reports.replaceReport({ write: write(), now });
    const older = makeScan(2, { generatedAt: '2026-11-01T00:00:00Z' });
    const result = await store.reports.replaceReport({
      write: write({ report: older, sha256: 'c'.repeat(64) }),
      now,
    });
    expect(result.outcome).toBe('older');
    expect(await count('vulnerabilities')).toBe(10);
  });

  it('keeps a scan and an SBOM of the same image side by side', async () => {
    const { store, count } = await createStore();
    await store.reports.replaceReport({ write: write(), now });
    await store.reports.replaceReport({
      write: write({
        report: makeSbom(25),
        sha256: 'd'.repeat(64),
        document: '{"bomFormat":"CycloneDX"}',
      }),
      now,
    });
    expect(await count('reports')).toBe(2);
    const posture = await store.summaries.get({ entityRef: entityRef });
    expect(posture?.vulnerabilities?.critical).toBe(2);
    expect(posture?.sbom).toEqual({
      components: 25,
      format: 'cyclonedx',
      generatedAt: '2026-11-20T10:00:00.000Z',
    });
  });

  it('counts a clean scan as scanned, with zeros; the SBOM and signature it lacks stay missing', async () => {
    const { store } = await createStore();
    await store.reports.replaceReport({
      write: write({ report: makeScan(0) }),
      now,
    });
    const posture = await store.summaries.get({ entityRef: entityRef });
    expect(posture?.vulnerabilities).toMatchObject({
      critical: 0,
      high: 0,
      low: 0,
    });
    // 90 of the 120 applicable points: missing data is never passed.
    expect(posture?.score).toBe(75);
    expect(posture?.grade).toBe('C');
    expect(
      posture?.checks.filter(c => c.status === 'pass').map(c => c.check),
    ).toEqual([
      'known-exploited',
      'exploit-likelihood',
      'fixable-vulnerabilities',
      'scan-age',
    ]);
  });

  it('leaves everything as it was when a write fails halfway', async () => {
    const { store, knex, count } = await createStore();
    await store.reports.replaceReport({ write: write(), now });
    const before = await store.summaries.get({ entityRef: entityRef });
    const broken = makeScan(3000, { generatedAt: '2026-11-22T00:00:00Z' });
    // NOT NULL violation in the last chunk, after the old rows were deleted.
    (broken.vulnerabilities[2999] as any).packageName = null;
    const attempt = await store.reports
      .replaceReport({
        write: write({ report: broken, sha256: 'e'.repeat(64) }),
        now,
      })
      .then(
        result => `resolved ${JSON.stringify(result).slice(0, 300)}`,
        error => `threw ${error.name}`,
      );
    expect(attempt).toMatch(/^threw/);
    expect(await count('vulnerabilities')).toBe(10);
    expect(await count('reports')).toBe(1);
    expect(await knex('reports').pluck('sha256')).toEqual(['a'.repeat(64)]);
    expect(await store.summaries.get({ entityRef: entityRef })).toEqual(before);
  });

  it('keeps the secrets section and the signature verdict of the same digest', async () => {
    const { store } = await createStore();
    const secrets = {
      total: 2,
      overdue: 0,
      dueSoon: 1,
      oldestAgeDays: 80,
      checkedAt: '2026-11-22T00:00:00.000Z',
      stale: false,
    };
    await store.summaries.put({
      entityRef: entityRef,
      summary: {
        grade: null,
        score: null,
        reasons: [],
        policy: null,
        checks: [],
        vulnerabilities: null,
        sbom: null,
        signature: null,
        secrets,
      },
    });
    await store.signatures.recordUpload({
      entityRef: entityRef,
      observation: {
        digest: 'sha256:aaaa',
        status: 'verified',
        reason: null,
        signer: { issuer: 'https://issuer.test', subject: 'ci@acme.test' },
        logIndex: 7,
        logUrl: null,
        integratedTime: '2026-11-20T00:00:00.000Z',
        kind: 'attestation',
        predicateType: null,
        entries: 1,
      },
      now: new Date('2026-11-22T00:00:00Z'),
    });
    await store.reports.replaceReport({ write: write(), now });
    const posture = await store.summaries.get({ entityRef: entityRef });
    expect(posture?.secrets).toEqual(secrets);
    expect(posture?.signature).toMatchObject({
      status: 'verified',
      digest: 'sha256:aaaa',
      logIndex: 7,
    });
  });

  it('returns the uploaded document for download', async () => {
    const { store } = await createStore();
    const result = await store.reports.replaceReport({
      write: write({ document: '{"x":1}' }),
      now,
    });
    const doc = await store.reports.getReportDocument({
      entityRef: entityRef,
      reportId: result.report.id,
    });
    expect(doc?.content).toBe('{"x":1}');
    await expect(
      store.reports.getReportDocument({
        entityRef: 'component:default/other',
        reportId: result.report.id,
      }),
    ).resolves.toBeUndefined();
  });

  it('writes 12,000 findings in multi-row chunks under the bind-parameter limit', async () => {
    const { store, count } = await createStore();
    await store.reports.replaceReport({
      write: write({ report: makeScan(12_000) }),
      now,
    });
    expect(await count('vulnerabilities')).toBe(12_000);
  });
});
