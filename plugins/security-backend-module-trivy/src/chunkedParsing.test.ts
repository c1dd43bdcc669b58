import { InputError } from '@backstage/errors';
import type { ReportFormatHandler } from '@posture/backstage-plugin-security-node';
import { cycloneDxReportFormat } from './cyclonedx';
import { cycloneDxSchema } from './cyclonedx/schema';
import { spdxReportFormat } from './spdx';
import { spdxSchema } from './spdx/schema';
import { CHUNK_SIZE } from './steps';
import { trivyReportFormat } from './trivy';
import { trivyReportSchema } from './trivy/schema';
import { parseWithSchema } from './zodError';

const many = <T>(count: number, make: (i: number) => T): T[] =>
  Array.from({ length: count }, (_, i) => make(i));

const SIZE = CHUNK_SIZE * 3 + 17;

const cdx = (components: unknown[], vulnerabilities?: unknown) => ({
  bomFormat: 'CycloneDX',
  specVersion: '1.5',
  metadata: { component: { name: 'ghcr.io/acme/api', type: 'container' } },
  components,
  ...(vulnerabilities !== undefined && { vulnerabilities }),
});

const spdx = (packages: unknown[], extra: object = {}) => ({
  spdxVersion: 'SPDX-2.3',
  name: 'doc',
  packages,
  ...extra,
});

const trivy = (results: unknown) => ({
  SchemaVersion: 2,
  ArtifactName: 'ghcr.io/acme/api',
  Results: results,
});

const cases: Array<{
  name: string;
  handler: ReportFormatHandler;
  schema: Parameters<typeof parseWithSchema>[0];
  label: string;
  document: unknown;
}> = [
  {
    name: 'CycloneDX: problems in several chunks, nested and in vulnerabilities',
    handler: cycloneDxReportFormat,
    schema: cycloneDxSchema,
    label: 'CycloneDX document',
    document: cdx(
      many(SIZE, i => {
        if (i === CHUNK_SIZE + 5) return { type: 'library' };
        if (i === 2 * CHUNK_SIZE + 1)
          return { name: 'a', components: [{ name: 'b', version: 3 }] };
        if (i === SIZE - 1) return { name: 'z', components: 'none' };
        return { name: `c${i}`, version: '1' };
      }),
      [{ id: 'CVE-1', ratings: 'high' }],
    ),
  },
  {
    name: 'CycloneDX: a document-level problem before the lists',
    handler: cycloneDxReportFormat,
    schema: cycloneDxSchema,
    label: 'CycloneDX document',
    document: {
      ...cdx(many(SIZE, i => (i === SIZE - 2 ? { name: 1 } : { name: 'x' }))),
      metadata: { timestamp: 5 },
    },
  },
  {
    name: 'SPDX: packages and relationships in several chunks',
    handler: spdxReportFormat,
    schema: spdxSchema,
    label: 'SPDX document',
    document: spdx(
      many(SIZE, i =>
        i === CHUNK_SIZE * 2 ? { SPDXID: 'x' } : { SPDXID: `p${i}`, name: 'p' },
      ),
      { creationInfo: 'today', relationships: [{ spdxElementId: 'a' }] },
    ),
  },
  {
    name: 'Trivy: findings and packages, then the counted lists after them',
    handler: trivyReportFormat,
    schema: trivyReportSchema,
    label: 'Trivy report',
    document: trivy([
      {
        Target: 't',
        Vulnerabilities: many(SIZE, i =>
          i === CHUNK_SIZE + 1
            ? { VulnerabilityID: 'CVE-1' }
            : { VulnerabilityID: `CVE-${i}`, PkgName: 'p' },
        ),
        Packages: many(SIZE, i => (i === SIZE - 1 ? {} : { Name: 'p' })),
        Secrets: 'many',
        Type: 7,
      },
      'not a result',
    ]),
  },
];

describe('chunked validation', () => {
  it.each(cases)(
    '$name: the same 400 as one whole-document validation',
    async ({ handler, schema, label, document }) => {
      let expected: unknown;
      try {
        parseWithSchema(schema, document, label);
      } catch (error) {
        expected = error;
      }
      expect(expected).toBeInstanceOf(InputError);
      expect(() => handler.parse(document)).toThrow(
        (expected as Error).message,
      );
      await expect(handler.parseAsync!(document)).rejects.toThrow(
        (expected as Error).message,
      );
    },
  );

  it.each([
    [
      'CycloneDX',
      cycloneDxReportFormat,
      cdx(
        many(SIZE, i => ({
          name: `c${i}`,
          'bom-ref': `r${i}`,
          ...(i === 0 && { components: [{ name: 'nested' }] }),
        })),
        [{ id: 'CVE-1', affects: [{ ref: `r${SIZE - 1}` }] }],
      ),
    ],
    [
      'SPDX',
      spdxReportFormat,
      spdx(many(SIZE, i => ({ SPDXID: `p${i}`, name: `p${i}` }))),
    ],
    [
      'Trivy',
      trivyReportFormat,
      trivy([
        {
          Target: 't',
          Type: 'npm',
          Vulnerabilities: many(SIZE, i => ({
            VulnerabilityID: `CVE-${i}`,
            PkgName: 'p',
          })),
          Packages: many(SIZE, i => ({ Name: `p${i}` })),
        },
      ]),
    ],
  ])(
    '%s: parseAsync gives what parse gives and lets other work run meanwhile',
    async (_name, handler, document) => {
      let turns = 0;
      let running = true;
      const spin = () => {
        if (running) {
          turns++;
          setImmediate(spin);
        }
      };
      setImmediate(spin);
      const report = await handler.parseAsync!(document);
      running = false;
      expect(report).toEqual(handler.parse(document));
      expect(report.components.length).toBeGreaterThanOrEqual(SIZE);
      // Several chunks, each followed by a turn of the event loop for other callbacks.
      expect(turns).toBeGreaterThanOrEqual(3);
    },
  );
});
