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
const cases = Object.entries(manifest).flatMap(([service, files]) =>
  Object.entries(files).map(([file, expected]) => [`${service}/${file}`, expected] as const),
);

describe('example reports', () => {
  it('cover at least 20 services, each with a scan and an SBOM', () => {
    expect(Object.keys(manifest).length).toBeGreaterThanOrEqual(20);
    for (const files of Object.values(manifest)) {
      expect(Object.keys(files)).toHaveLength(2);
    }
  });

  it.each(cases)('%s parses to the counts in the manifest', (file, expected) => {
    const document = JSON.parse(fs.readFileSync(path.join(examplesDir, file), 'utf8'));
    const format = formats.find(f => f.detect(document));
    expect(format).toBeDefined();
    const report = format!.parse(document);
    expect(report.artifact.name).toMatch(/^ghcr\.io\/acme\//);
    if (expected.components !== undefined) {
      expect(report.components).toHaveLength(expected.components);
    } else {
      expect(report.vulnerabilities).toHaveLength(expected.vulnerabilities);
      for (const [severity, count] of Object.entries(expected.bySeverity)) {
        expect(report.vulnerabilities.filter(v => v.severity === severity)).toHaveLength(count as number);
      }
      expect(report.vulnerabilities.filter(v => v.fixedVersion)).toHaveLength(expected.fixable);
    }
  });
});
