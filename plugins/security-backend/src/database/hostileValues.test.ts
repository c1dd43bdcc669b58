import { InputError } from '@backstage/errors';
import type { ReportWrite } from './PostureStore';
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

/*
 * Values a report may carry that one engine used to take and the other refused (500 on
 * PostgreSQL): each is stored the same on both, or refused with an InputError naming it.
 */

const databases = createTestDatabases();
const entityRef = TEST_ENTITY_REF;
const now = new Date('2026-11-23T00:00:00Z');
const long = (n: number, c = 'x') => c.repeat(n);

function write(overrides: Partial<ReportWrite> = {}): ReportWrite {
  return reportWrite({ report: makeScan(1), document: '{}', ...overrides });
}

describe.each(databases.eachSupportedId())('hostile values on %s', id => {
  const createStore = () => createTestStore(databases, id);
  const query = { offset: 0, limit: 10 };

  it('stores strings longer than the old columns in full', async () => {
    const { store } = await createStore();
    const vulnerability = makeVulnerability(1, {
      id: long(256, 'I'),
      packageName: long(513, 'p'),
      installedVersion: long(300, '1'),
      fixedVersion: long(1025, '2'),
      status: long(65, 's'),
      url: `https://example.test/${long(2049)}`,
      target: long(1025, 't'),
      purl: `pkg:npm/${long(3000)}`,
    });
    const component = makeComponent(1, {
      name: long(1025, 'n'),
      version: long(513, 'v'),
      purl: `pkg:npm/${long(2049)}`,
      type: long(65, 'y'),
    });
    const result = await store.reports.replaceReport({
      write: write({
        report: makeScan(0, {
          artifact: { name: `ghcr.io/acme/api:${long(1100)}`, digests: [] },
          vulnerabilities: [vulnerability],
          components: [component],
        }),
      }),
      now,
    });
    expect(result.outcome).toBe('stored');
    const { items } = await store.reports.listVulnerabilities({
      entityRef,
      query,
    });
    expect(items[0]).toMatchObject({
      id: vulnerability.id,
      packageName: vulnerability.packageName,
      installedVersion: vulnerability.installedVersion,
      fixedVersion: vulnerability.fixedVersion,
      status: vulnerability.status,
      url: vulnerability.url,
      target: vulnerability.target,
      purl: vulnerability.purl,
    });
    const sbom = await store.reports.listComponents({ entityRef, query });
    expect(sbom.items[0]).toMatchObject({
      name: component.name,
      version: component.version,
      purl: component.purl,
      type: component.type,
    });
    expect(
      (await store.summaries.get({ entityRef }))?.vulnerabilities?.artifact,
    ).toBe(`ghcr.io/acme/api:${long(1100)}`);
  });

  it('stores strings with NUL characters without them', async () => {
    const { store } = await createStore();
    await store.reports.replaceReport({
      write: write({
        uploadedBy: 'external:\u0000ci',
        report: makeSbom(0, {
          artifact: { name: 'ghcr.io/acme/api:1.0\u0000', digests: [] },
          vulnerabilities: [
            makeVulnerability(1, {
              id: 'CVE-\u00002026-1',
              title: 'a\u0000b',
              packageName: '\u0000',
            }),
          ],
          components: [
            makeComponent(1, {
              name: 'left\u0000pad',
              licenses: ['M\u0000IT'],
            }),
          ],
        }),
      }),
      now,
    });
    const [finding] = (
      await store.reports.listVulnerabilities({ entityRef, query })
    ).items;
    expect(finding).toMatchObject({
      id: 'CVE-2026-1',
      title: 'ab',
      packageName: '',
    });
    const [component] = (
      await store.reports.listComponents({ entityRef, query })
    ).items;
    expect(component).toMatchObject({ name: 'leftpad', licenses: ['MIT'] });
  });

  it('keeps timestamps outside years 1 to 9999 as unknown instead of failing', async () => {
    const { store } = await createStore();
    const result = await store.reports.replaceReport({
      write: write({
        report: makeScan(0, {
          generatedAt: '+275760-09-13T00:00:00.000Z',
          vulnerabilities: [
            makeVulnerability(1, { publishedAt: '0000-01-01T00:00:00Z' }),
            makeVulnerability(2, { publishedAt: '-000001-01-01T00:00:00Z' }),
            makeVulnerability(3, { publishedAt: '+010000-01-01T00:00:00Z' }),
            makeVulnerability(4, { publishedAt: '0001-01-01T00:00:00Z' }),
          ],
        }),
      }),
      now,
    });
    expect(result.report.generatedAt).toBeNull();
    const { items } = await store.reports.listVulnerabilities({
      entityRef,
      query: { ...query, sort: 'package' },
    });
    expect(items.map(i => [i.id, i.publishedAt])).toEqual(
      expect.arrayContaining([
        ['CVE-2026-10001', null],
        ['CVE-2026-10002', null],
        ['CVE-2026-10003', null],
        ['CVE-2026-10004', '0001-01-01T00:00:00.000Z'],
      ]),
    );
  });

  it.each([
    ['huge', 1e300],
    ['infinite', Infinity],
    ['not a number', NaN],
    ['negative', -1],
    ['above 10', 10.5],
  ])(
    'refuses a %s CVSS score naming the finding, and stores nothing',
    async (_, score) => {
      const { store, count } = await createStore();
      const upload = store.reports.replaceReport({
        write: write({
          report: makeScan(0, {
            vulnerabilities: [
              makeVulnerability(1),
              makeVulnerability(2, { cvssScore: score }),
            ],
          }),
        }),
        now,
      });
      await expect(upload).rejects.toThrow(InputError);
      await expect(upload).rejects.toThrow(
        `vulnerabilities[1] (CVE-2026-10002): CVSS score ${score} is not a number from 0 to 10`,
      );
      expect(await count('reports')).toBe(0);
      expect(await count('vulnerabilities')).toBe(0);
      expect(await store.summaries.get({ entityRef })).toBeUndefined();
    },
  );

  it('refuses an artifact key longer than its indexed column', async () => {
    const { store, count } = await createStore();
    await expect(
      store.reports.replaceReport({
        write: write({ artifact: `ghcr.io/acme/${long(600)}` }),
        now,
      }),
    ).rejects.toThrow(/is 613 characters long: at most 512 are accepted/);
    expect(await count('reports')).toBe(0);
  });

  it('stores signature verdicts with long issuers and NUL characters from a bundle', async () => {
    const { store } = await createStore();
    const digest = `sha256:${'a'.repeat(64)}`;
    await store.signatures.recordUpload({
      entityRef,
      now,
      observation: {
        digest,
        status: 'unexpected-signer',
        reason: 'signed by \u0000someone else',
        signer: {
          issuer: `https://${long(1100)}.test`,
          subject: `ci\u0000@${long(3000)}`,
        },
        logIndex: 1,
        logUrl: null,
        integratedTime: '2026-11-20T10:00:00.000Z',
        kind: 'attestation',
        predicateType: `https://${long(600)}`,
        entries: 1,
      },
    });
    const [item] = await store.signatures.list({ entityRef });
    expect(item).toMatchObject({
      reason: 'signed by someone else',
      signer: {
        issuer: `https://${long(1100)}.test`,
        subject: `ci@${long(3000)}`,
      },
      predicateType: `https://${long(600)}`,
    });
  });

  it('stores secret facts with NUL characters from annotations and Vault without them', async () => {
    const { store } = await createStore();
    await store.secrets.applyObservations({
      entityRef,
      source: 'vault',
      now,
      observations: [
        {
          path: 'team/api\u0000/db',
          engine: 'secret\u0000',
          kind: 'kv',
          currentVersion: 1,
          createdTime: '2026-11-01T00:00:00.000Z',
          updatedTime: '2026-11-01T00:00:00.000Z',
          maxAgeDays: 90,
          state: 'error',
          error: 'Vault said \u0000no',
        },
      ],
    });
    expect(await store.secrets.list({ entityRef })).toEqual([
      expect.objectContaining({
        path: 'team/api/db',
        engine: 'secret',
        error: 'Vault said no',
      }),
    ]);
  });
});
