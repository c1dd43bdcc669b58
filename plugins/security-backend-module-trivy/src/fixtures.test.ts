import fs from 'fs';
import path from 'path';
import type { ReportFormatHandler } from '@posture/backstage-plugin-security-node';
import { cycloneDxReportFormat } from './cyclonedx';
import { spdxReportFormat } from './spdx';
import {
  fixturesDir,
  listFixtures,
  readFixture,
} from './__testUtils__/fixtures';
import { trivyReportFormat } from './trivy';

const FOLDERS = [
  'trivy/reports',
  'trivy/cyclonedx',
  'trivy/spdx',
  'cyclonedx',
  'spdx',
] as const;

const HANDLERS: ReportFormatHandler[] = [
  trivyReportFormat,
  cycloneDxReportFormat,
  spdxReportFormat,
];

/*
 * Independent counting straight from the raw JSON, deliberately naive:
 * - Trivy: vulnerabilities = sum of Results[].Vulnerabilities.length,
 *          components = sum of Results[].Packages.length.
 * - CycloneDX: vulnerabilities = sum of vulnerabilities[].affects.length,
 *              components = components[] counted recursively through .components
 *              (metadata.component is the subject, not counted).
 * - SPDX: vulnerabilities = 0, components = packages.length minus 1 when the document
 *         DESCRIBES exactly one element and it is a package (the root).
 */
function expectedCounts(doc: any): {
  vulnerabilities: number;
  components: number;
} {
  if ('SchemaVersion' in doc) {
    const results: any[] = doc.Results ?? [];
    return {
      vulnerabilities: results.reduce(
        (n, r) => n + (r.Vulnerabilities?.length ?? 0),
        0,
      ),
      components: results.reduce((n, r) => n + (r.Packages?.length ?? 0), 0),
    };
  }
  if (doc.bomFormat === 'CycloneDX') {
    const count = (list: any[] | undefined): number =>
      (list ?? []).reduce((n, c) => n + 1 + count(c.components), 0);
    return {
      vulnerabilities: (doc.vulnerabilities ?? []).reduce(
        (n: number, v: any) => n + (v.affects?.length ?? 0),
        0,
      ),
      components: count(doc.components),
    };
  }
  const described = new Set<string>(doc.documentDescribes ?? []);
  for (const r of doc.relationships ?? []) {
    if (
      r.spdxElementId === 'SPDXRef-DOCUMENT' &&
      r.relationshipType === 'DESCRIBES'
    ) {
      described.add(r.relatedSpdxElement);
    }
  }
  const packages: any[] = doc.packages ?? [];
  const rootIsPackage =
    described.size === 1 && packages.some(p => described.has(p.SPDXID));
  return {
    vulnerabilities: 0,
    components: packages.length - (rootIsPackage ? 1 : 0),
  };
}

/*
 * The same counts as literals, computed outside this code base (python over the raw JSON,
 * same rules as above), so a bug shared by parser and counter above still shows up here.
 * [vulnerabilities, components]
 */
const KNOWN_COUNTS: Record<string, [number, number]> = {
  'trivy/reports/alpine-3.9-skip-no-results.json': [0, 0],
  'trivy/reports/alpine-3.9.json': [6, 0],
  'trivy/reports/centos-7.json': [3, 0],
  'trivy/reports/debian-9-stretch.json': [5, 0],
  'trivy/reports/fluentd-gems-debian-10.json': [2, 0],
  'trivy/reports/helm-testchart-misconfig.json': [0, 0],
  'trivy/reports/license-findings-from-cyclonedx.json': [0, 0],
  'trivy/reports/maven-pom.json': [2, 0],
  'trivy/reports/npm-lockfile.json': [1, 12],
  'trivy/reports/pip-requirements.json': [2, 7],
  'trivy/reports/secrets.json': [0, 0],
  'trivy/reports/sl-micro-5.4-zero-vulns.json': [0, 0],
  'trivy/reports/spring4shell-jre11-debian-11.json': [1, 0],
  'trivy/reports/ubuntu-18.04.json': [5, 0],
  'trivy/cyclonedx/centos-7-image-spec1.5.cdx.json': [0, 3],
  'trivy/cyclonedx/fluentd-image-full.cdx.json': [0, 161],
  'trivy/cyclonedx/fluentd-image-with-vulns.cdx.json': [3, 4],
  'trivy/cyclonedx/maven-pom.cdx.json': [2, 3],
  'trivy/cyclonedx/npm.cdx.json': [1, 13],
  'cyclonedx/laravel-7.12.0-composer-spec1.4.cdx.json': [0, 62],
  'cyclonedx/proton-bridge-v1.8.0-gomod.cdx.json': [0, 201],
  'cyclonedx/redhat-openshift-pipelines-client-1.14.3.cdx.json': [0, 2028],
  'trivy/spdx/centos-7-image.spdx.json': [0, 3],
  'trivy/spdx/conda.spdx.json': [0, 2],
  'trivy/spdx/julia.spdx.json': [0, 4],
  'trivy/spdx/maven-test-project.spdx.json': [0, 11],
  'spdx/redhat-openshift-pipelines-client-1.14.3.spdx.json': [0, 2033],
  'spdx/redhat-poppler-21.01.0.spdx.json': [0, 78],
};

const EXPECTED_FORMAT: Record<(typeof FOLDERS)[number], string> = {
  'trivy/reports': 'trivy',
  'trivy/cyclonedx': 'cyclonedx',
  'trivy/spdx': 'spdx',
  cyclonedx: 'cyclonedx',
  spdx: 'spdx',
};

describe('repository fixtures', () => {
  it('are present (a missing folder fails, it is never skipped)', () => {
    for (const folder of FOLDERS) {
      expect(fs.existsSync(path.join(fixturesDir(), folder))).toBe(true);
      expect(listFixtures(folder).length).toBeGreaterThan(0);
    }
  });

  it('include every fixture whose counts are pinned as literals', () => {
    const present = new Set(FOLDERS.flatMap(listFixtures));
    expect(Object.keys(KNOWN_COUNTS).filter(f => !present.has(f))).toEqual([]);
  });

  it.each(Object.entries(KNOWN_COUNTS))(
    '%s has the pinned counts [vulnerabilities, components] %j',
    (file, counts) => {
      const doc = readFixture(file);
      const handler = HANDLERS.find(h => h.detect(doc))!;
      const report = handler.parse(doc);
      expect([report.vulnerabilities.length, report.components.length]).toEqual(
        counts,
      );
    },
  );

  describe.each(FOLDERS)('%s', folder => {
    // Read at collection time so new fixtures are picked up; throws (fails) if missing.
    const files = listFixtures(folder);

    it.each(files)(
      '%s is one format and parses with the right counts',
      file => {
        const doc = readFixture(file);
        const matching = HANDLERS.filter(h => h.detect(doc));
        expect(matching.map(h => h.format)).toEqual([EXPECTED_FORMAT[folder]]);

        const report = matching[0].parse(doc);
        expect(report.format).toBe(EXPECTED_FORMAT[folder]);
        const counts = expectedCounts(doc);
        expect(report.vulnerabilities).toHaveLength(counts.vulnerabilities);
        expect(report.components).toHaveLength(counts.components);
        for (const v of report.vulnerabilities) {
          expect(['critical', 'high', 'medium', 'low', 'unknown']).toContain(
            v.severity,
          );
          expect(v.id).not.toBe('');
          expect(v.packageName).not.toBe('');
        }
        for (const c of report.components) {
          expect(c.name).not.toBe('');
          expect(Array.isArray(c.licenses)).toBe(true);
        }
      },
    );
  });
});
