/**
 * A Trivy JSON report (SchemaVersion 2) with `findings` vulnerabilities spread over a few
 * targets, with every field Trivy writes, so the benchmark parses what CI really uploads.
 */
export function generateTrivyReport(
  findings: number,
  image = 'ghcr.io/acme/bench',
): string {
  const severities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
  const targets = [
    {
      Target: `${image}:1.0.0 (debian 12.5)`,
      Class: 'os-pkgs',
      Type: 'debian',
    },
    { Target: 'Node.js', Class: 'lang-pkgs', Type: 'node-pkg' },
    { Target: 'Java', Class: 'lang-pkgs', Type: 'jar' },
  ];
  const results = targets.map(t => ({
    ...t,
    Vulnerabilities: [] as unknown[],
  }));
  for (let i = 0; i < findings; i++) {
    const pkg = `package-${i % 1500}`;
    const version = `1.${i % 17}.${i % 5}`;
    const id = `CVE-${2015 + (i % 10)}-${String(10000 + i)}`;
    results[i % results.length].Vulnerabilities.push({
      VulnerabilityID: id,
      PkgID: `${pkg}@${version}`,
      PkgName: pkg,
      PkgIdentifier: {
        PURL: `pkg:npm/${pkg}@${version}`,
        UID: (i * 2654435761).toString(16),
      },
      InstalledVersion: version,
      FixedVersion: i % 3 === 0 ? '' : `1.${i % 17}.${(i % 5) + 1}`,
      Status: i % 3 === 0 ? 'affected' : 'fixed',
      Layer: {
        Digest: `sha256:${'1'.repeat(64)}`,
        DiffID: `sha256:${'2'.repeat(64)}`,
      },
      SeveritySource: 'nvd',
      PrimaryURL: `https://avd.aquasec.com/nvd/${id.toLowerCase()}`,
      DataSource: {
        ID: 'ghsa',
        Name: 'GitHub Security Advisory npm',
        URL: 'https://github.com/advisories',
      },
      Title: `${pkg}: a problem with input handling in component ${i % 97}`,
      Description: 'A flaw was found in the way input was parsed. '.repeat(4),
      Severity: severities[i % severities.length],
      CweIDs: ['CWE-79'],
      VendorSeverity: { nvd: (i % 4) + 1 },
      CVSS: {
        nvd: {
          V3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
          V3Score: (i % 100) / 10,
        },
      },
      References: [`https://nvd.nist.gov/vuln/detail/${id}`],
      PublishedDate: '2024-03-01T15:15:00Z',
      LastModifiedDate: '2024-05-01T10:00:00Z',
    });
  }
  return JSON.stringify({
    SchemaVersion: 2,
    CreatedAt: '2026-11-20T09:00:00.000000000Z',
    ArtifactName: `${image}:1.0.0`,
    ArtifactType: 'container_image',
    Metadata: {
      OS: { Family: 'debian', Name: '12.5' },
      ImageID: `sha256:${'3'.repeat(64)}`,
      RepoTags: [`${image}:1.0.0`],
      RepoDigests: [`${image}@sha256:${'4'.repeat(64)}`],
    },
    Results: results,
  });
}
