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
  .filter(e => !e.file.endsWith('/trivy.json'))
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
    for (const files of Object.values(manifest)) {
      expect(Object.keys(files)).toHaveLength(2);
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

  it.each(sboms)(
    '%s parses to the components in the manifest',
    (file, expected) => {
      const report = parse(file);
      expect(report.artifact.name).toMatch(/^ghcr\.io\/acme\//);
      expect(report.components).toHaveLength(expected.components);
    },
  );
});
