import {
  cycloneDxReportFormat,
  spdxReportFormat,
  trivyReportFormat,
} from '@posture/backstage-plugin-security-backend-module-trivy';
import fs from 'fs';
import path from 'path';

// The demo ingests examples/reports at start-up: every file must be accepted and carry what
// examples/reports/manifest.json (and the README's table) say it does.
const examplesDir = path.resolve(__dirname, '../../../examples/reports');
const manifest: Record<string, Record<string, any>> = JSON.parse(
  fs.readFileSync(path.join(examplesDir, 'manifest.json'), 'utf8'),
);
const formats = [trivyReportFormat, cycloneDxReportFormat, spdxReportFormat];
const entries = Object.entries(manifest).flatMap(([service, files]) =>
  Object.entries(files).map(([file, expected]) => ({
    file: `${service}/${file}`,
    expected,
  })),
);
const scans = entries
  .filter(e => e.file.endsWith('/trivy.json'))
  .map(e => [e.file, e.expected] as const);
const sboms = entries
  .filter(e => /\/sbom\.[a-z]+\.json$/.test(e.file))
  .map(e => [e.file, e.expected] as const);
const vexDocuments = entries
  .filter(e => e.file.endsWith('/vex.openvex.json'))
  .map(e => [e.file, e.expected] as const);

function parse(file: string) {
  const document = JSON.parse(
    fs.readFileSync(path.join(examplesDir, file), 'utf8'),
  );
  const format = formats.find(f => f.detect(document));
  if (!format) {
    throw new Error(`${file} is not a recognised report`);
  }
  return format.parse(document);
}

describe('example reports', () => {
  it('cover at least 20 services, each with a scan and an SBOM', () => {
    expect(Object.keys(manifest).length).toBeGreaterThanOrEqual(20);
    for (const [service, files] of Object.entries(manifest)) {
      const names = Object.keys(files);
      expect(names).toContain('trivy.json');
      expect(names.filter(n => n.startsWith('sbom.'))).toHaveLength(1);
      // Every file of the folder is uploaded by the demo's seeder, so each is in the manifest.
      expect(
        fs
          .readdirSync(path.join(examplesDir, service))
          .filter(n => n.endsWith('.json'))
          .sort(),
      ).toEqual([...names].sort());
    }
  });

  it.each(scans)(
    '%s parses to the findings in the manifest',
    (file, expected) => {
      const report = parse(file);
      expect(report.artifact.name).toMatch(/^ghcr\.io\/acme\//);
      expect(report.vulnerabilities).toHaveLength(expected.vulnerabilities);
      const bySeverity = Object.fromEntries(
        Object.keys(expected.bySeverity).map(s => [
          s,
          report.vulnerabilities.filter(v => v.severity === s).length,
        ]),
      );
      expect(bySeverity).toEqual(expected.bySeverity);
      expect(report.vulnerabilities.filter(v => v.fixedVersion)).toHaveLength(
        expected.fixable,
      );
    },
  );

  it('include a VEX document', () => {
    expect(vexDocuments.length).toBeGreaterThan(0);
  });

  it.each(vexDocuments)(
    '%s speaks of the image and findings of its own scan',
    (file, expected) => {
      const service = file.split('/')[0];
      const vex = JSON.parse(
        fs.readFileSync(path.join(examplesDir, file), 'utf8'),
      );
      const scan = JSON.parse(
        fs.readFileSync(path.join(examplesDir, service, 'trivy.json'), 'utf8'),
      );
      const [repository, digest] = scan.Metadata.RepoDigests[0].split('@');
      const imagePurl = `pkg:oci/${service}@${encodeURIComponent(
        digest,
      )}?repository_url=${encodeURIComponent(repository)}`;
      const findings: Array<{ VulnerabilityID: string; PkgIdentifier: any }> =
        scan.Results.flatMap((r: any) => r.Vulnerabilities ?? []);

      expect(vex['@context']).toBe('https://openvex.dev/ns/v0.2.0');
      expect(Date.parse(vex.timestamp)).toBeGreaterThan(
        Date.parse(scan.CreatedAt),
      );
      expect(vex.statements).toHaveLength(expected.statements);
      for (const statement of vex.statements) {
        expect(statement.products.map((p: any) => p['@id'])).toEqual([
          imagePurl,
        ]);
        for (const sub of statement.products[0].subcomponents) {
          expect(
            findings.some(
              f =>
                f.VulnerabilityID === statement.vulnerability.name &&
                f.PkgIdentifier.PURL === sub['@id'],
            ),
          ).toBe(true);
        }
      }
      const byStatus: Record<string, number> = {};
      for (const statement of vex.statements) {
        byStatus[statement.status] = (byStatus[statement.status] ?? 0) + 1;
      }
      expect(byStatus).toEqual(expected.byStatus);
    },
  );

  it.each(sboms)(
    '%s parses to the components in the manifest',
    (file, expected) => {
      const report = parse(file);
      expect(report.artifact.name).toMatch(/^ghcr\.io\/acme\//);
      expect(report.components).toHaveLength(expected.components);
    },
  );
});
