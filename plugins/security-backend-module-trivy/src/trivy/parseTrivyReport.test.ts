import { expectInputError } from '../testing/expectInputError';
import { readFixture } from '../__testUtils__/fixtures';
import { parseTrivyReport } from './parseTrivyReport';

function countBySeverity(severities: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of severities) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

describe('parseTrivyReport', () => {
  it('maps alpine-3.9: 6 findings, 2 critical and 4 medium, with every field', () => {
    const report = parseTrivyReport(
      readFixture('trivy/reports/alpine-3.9.json'),
    );

    expect(report.format).toBe('trivy');
    expect(report.artifact).toEqual({
      name: 'testdata/fixtures/images/alpine-39.tar.gz',
      // Metadata.ImageID (sha256:0559...) is present but is not a repo digest.
      digests: [],
    });
    expect(report.generatedAt).toBe('2021-08-25T12:20:30.000000005Z');
    expect(report.vulnerabilities).toHaveLength(6);
    expect(
      countBySeverity(report.vulnerabilities.map(v => v.severity)),
    ).toEqual({
      critical: 2,
      medium: 4,
    });
    expect(report.vulnerabilities[0]).toEqual({
      id: 'CVE-2019-1549',
      severity: 'medium',
      packageName: 'libcrypto1.1',
      installedVersion: '1.1.1b-r1',
      fixedVersion: '1.1.1d-r0',
      status: 'fixed',
      // nvd V3 5.3 beats redhat V3 4.8; nvd's V2 5.0 is ignored while a V3 exists.
      cvssScore: 5.3,
      title: 'openssl: information disclosure in fork()',
      url: 'https://avd.aquasec.com/nvd/cve-2019-1549',
      publishedAt: '2019-09-10T17:15:00Z',
      target: 'testdata/fixtures/images/alpine-39.tar.gz (alpine 3.9.4)',
      purl: 'pkg:apk/alpine/libcrypto1.1@1.1.1b-r1?arch=x86_64&distro=3.9.4',
    });
    const musl = report.vulnerabilities.find(v => v.packageName === 'musl');
    expect(musl).toMatchObject({
      id: 'CVE-2019-14697',
      severity: 'critical',
      fixedVersion: '1.1.20-r5',
      cvssScore: 9.8,
      // This finding has no Title in the report.
      title: null,
    });
    expect(report.components).toEqual([]);
    expect(report.otherFindings).toEqual({});
  });

  it('keeps an absent FixedVersion null and carries Status (centos-7)', () => {
    const report = parseTrivyReport(readFixture('trivy/reports/centos-7.json'));
    expect(
      report.vulnerabilities.map(v => [
        v.id,
        v.packageName,
        v.fixedVersion,
        v.status,
        v.severity,
      ]),
    ).toEqual([
      ['CVE-2019-18276', 'bash', null, 'will_not_fix', 'low'],
      ['CVE-2019-1559', 'openssl-libs', '1:1.0.2k-19.el7', 'fixed', 'medium'],
      ['CVE-2018-0734', 'openssl-libs', '1:1.0.2k-19.el7', 'fixed', 'low'],
    ]);
  });

  it('keeps each finding with its own Result target (fluentd: OS and gems)', () => {
    const report = parseTrivyReport(
      readFixture('trivy/reports/fluentd-gems-debian-10.json'),
    );
    expect(
      report.vulnerabilities.map(v => [v.id, v.target, v.fixedVersion]),
    ).toEqual([
      [
        'CVE-2019-18224',
        'testdata/fixtures/images/fluentd-multiple-lockfiles.tar.gz (debian 10.2)',
        '2.0.5-1+deb10u1',
      ],
      ['CVE-2020-8165', 'Ruby', '6.0.3.1, 5.2.4.3'],
    ]);
  });

  it('lists Packages as components (npm-lockfile: 12)', () => {
    const report = parseTrivyReport(
      readFixture('trivy/reports/npm-lockfile.json'),
    );
    expect(report.components).toHaveLength(12);
    expect(report.components[1]).toEqual({
      name: 'jquery',
      version: '3.3.9',
      purl: 'pkg:npm/jquery@3.3.9',
      type: 'npm',
      licenses: ['MIT'],
    });
    expect(report.components[0].licenses).toEqual([]);
    expect(report.vulnerabilities).toEqual([
      expect.objectContaining({
        id: 'CVE-2019-11358',
        packageName: 'jquery',
        severity: 'medium',
        fixedVersion: '3.4.0',
        cvssScore: 6.1,
        target: 'package-lock.json',
      }),
    ]);
  });

  it('counts secrets, misconfigurations and licence findings', () => {
    expect(
      parseTrivyReport(readFixture('trivy/reports/secrets.json')).otherFindings,
    ).toEqual({
      secrets: 2,
    });
    expect(
      parseTrivyReport(
        readFixture('trivy/reports/helm-testchart-misconfig.json'),
      ).otherFindings,
    ).toEqual({ misconfigurations: 6 });
    expect(
      parseTrivyReport(
        readFixture('trivy/reports/license-findings-from-cyclonedx.json'),
      ).otherFindings,
    ).toEqual({ licenses: 3 });
  });

  it('accepts a report without Results as clean', () => {
    const report = parseTrivyReport(
      readFixture('trivy/reports/alpine-3.9-skip-no-results.json'),
    );
    expect(report.vulnerabilities).toEqual([]);
    expect(report.components).toEqual([]);
    expect(report.otherFindings).toEqual({});
    expect(report.artifact.name).toBe(
      'testdata/fixtures/images/alpine-39.tar.gz',
    );
  });

  it('takes repo digests from Metadata.RepoDigests, never ImageID', () => {
    const report = parseTrivyReport({
      SchemaVersion: 2,
      ArtifactName: 'ghcr.io/acme/api:1.2',
      Metadata: {
        ImageID:
          'sha256:1111111111111111111111111111111111111111111111111111111111111111',
        RepoDigests: [
          'ghcr.io/acme/api@sha256:2222222222222222222222222222222222222222222222222222222222222222',
          'ghcr.io/acme/api@sha256:2222222222222222222222222222222222222222222222222222222222222222',
        ],
      },
    });
    expect(report.artifact).toEqual({
      name: 'ghcr.io/acme/api:1.2',
      digests: [
        'ghcr.io/acme/api@sha256:2222222222222222222222222222222222222222222222222222222222222222',
      ],
    });
    expect(report.generatedAt).toBeNull();
  });

  it('normalises empty strings, odd severities and V2-only scores', () => {
    const report = parseTrivyReport({
      SchemaVersion: 2,
      ArtifactName: 'x',
      Results: [
        {
          Target: 'go.sum',
          Vulnerabilities: [
            {
              VulnerabilityID: 'GHSA-1',
              PkgName: 'a',
              FixedVersion: '',
              Severity: 'NEGLIGIBLE',
              CVSS: { nvd: { V2Score: 4.3 }, ghsa: { V2Score: 5.1 } },
              SomeFutureField: { nested: true },
            },
            { VulnerabilityID: 'GHSA-2', PkgName: 'b', Severity: 'high' },
          ],
          Packages: null,
        },
      ],
    });
    expect(report.vulnerabilities[0]).toMatchObject({
      fixedVersion: null,
      severity: 'unknown',
      cvssScore: 5.1,
      status: null,
      purl: null,
      installedVersion: null,
    });
    expect(report.vulnerabilities[1]).toMatchObject({
      severity: 'high',
      cvssScore: null,
    });
  });

  describe('rejects with an InputError (400)', () => {
    it('SchemaVersion 1', () => {
      expectInputError(
        () =>
          parseTrivyReport({
            SchemaVersion: 1,
            ArtifactName: 'x',
            Results: [],
          }),
        'Unsupported Trivy SchemaVersion 1; Posture reads SchemaVersion 2 (Trivy 0.20+)',
      );
    });

    it('a missing SchemaVersion', () => {
      expectInputError(
        () => parseTrivyReport({ ArtifactName: 'x' }),
        'Unsupported Trivy SchemaVersion missing; Posture reads SchemaVersion 2 (Trivy 0.20+)',
      );
    });

    it('a numeric Severity, naming the path', () => {
      const doc = readFixture('trivy/reports/alpine-3.9.json');
      doc.Results[0].Vulnerabilities[3].Severity = 3;
      expectInputError(
        () => parseTrivyReport(doc),
        'Invalid Trivy report: Results[0].Vulnerabilities[3].Severity: Expected string, received number',
      );
    });

    it('a finding without VulnerabilityID', () => {
      expectInputError(
        () =>
          parseTrivyReport({
            SchemaVersion: 2,
            Results: [{ Target: 't', Vulnerabilities: [{ PkgName: 'a' }] }],
          }),
        'Invalid Trivy report: Results[0].Vulnerabilities[0].VulnerabilityID: Required',
      );
    });

    it('a JSON array (the pre-0.20 layout)', () => {
      expectInputError(
        () => parseTrivyReport([{ Target: 'x', Vulnerabilities: [] }]),
        'Invalid Trivy report: expected a JSON object, received an array',
      );
    });

    it('a string', () => {
      expectInputError(
        () => parseTrivyReport('text'),
        'Invalid Trivy report: expected a JSON object, received a string',
      );
    });
  });

  it('parses 50,000 findings in one report', () => {
    const vulnerabilities = Array.from({ length: 50_000 }, (_, i) => ({
      VulnerabilityID: `CVE-2024-${i}`,
      PkgName: `pkg-${i % 500}`,
      PkgIdentifier: { PURL: `pkg:npm/pkg-${i % 500}@1.0.${i % 7}` },
      InstalledVersion: `1.0.${i % 7}`,
      FixedVersion: i % 2 === 0 ? '2.0.0' : '',
      Status: i % 2 === 0 ? 'fixed' : 'affected',
      Severity: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'][i % 5],
      CVSS: { nvd: { V3Score: (i % 100) / 10, V2Score: 5 } },
      Title: `finding ${i}`,
      PrimaryURL: `https://avd.aquasec.com/nvd/cve-2024-${i}`,
      PublishedDate: '2024-01-01T00:00:00Z',
    }));
    const report = parseTrivyReport({
      SchemaVersion: 2,
      ArtifactName: 'ghcr.io/acme/big:1',
      Results: [
        {
          Target: 'a',
          Type: 'npm',
          Vulnerabilities: vulnerabilities.slice(0, 25_000),
        },
        {
          Target: 'b',
          Type: 'npm',
          Vulnerabilities: vulnerabilities.slice(25_000),
        },
      ],
    });
    expect(report.vulnerabilities).toHaveLength(50_000);
    expect(
      report.vulnerabilities.filter(v => v.severity === 'critical'),
    ).toHaveLength(10_000);
    expect(
      report.vulnerabilities.filter(v => v.fixedVersion === null),
    ).toHaveLength(25_000);
    expect(report.vulnerabilities[49_999]).toMatchObject({
      id: 'CVE-2024-49999',
      target: 'b',
      cvssScore: 9.9,
    });
  });
});
