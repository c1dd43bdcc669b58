/*
 * Small valid documents of each format for the property tests; the hostile values put in their
 * fields (hostileValue, mutate) come from @posture/dev-stand-ins, shared with the modules.
 */
export { hostileValue, mutate } from '@posture/dev-stand-ins';

const createdAt = () => new Date(Date.now() - 60_000).toISOString();

/** A fresh valid document per format (dated a minute ago, so newer than the last one stored). */
export const templates: Record<string, () => unknown> = {
  trivy: () => ({
    SchemaVersion: 2,
    CreatedAt: createdAt(),
    ArtifactName: 'ghcr.io/acme/api:1.0',
    ArtifactType: 'container_image',
    Metadata: { RepoDigests: [`ghcr.io/acme/api@sha256:${'a'.repeat(64)}`] },
    Results: [
      {
        Target: 'ghcr.io/acme/api:1.0 (debian 12.5)',
        Class: 'os-pkgs',
        Type: 'debian',
        Packages: [{ Name: 'openssl', Version: '3.0.11' }],
        Vulnerabilities: [
          {
            VulnerabilityID: 'CVE-2026-0001',
            PkgName: 'openssl',
            InstalledVersion: '3.0.11',
            FixedVersion: '3.0.12',
            Status: 'fixed',
            Severity: 'HIGH',
            CVSS: { nvd: { V3Score: 7.5 } },
            Title: 'A flaw',
            PrimaryURL: 'https://avd.aquasec.com/nvd/cve-2026-0001',
            PublishedDate: '2026-01-01T00:00:00Z',
          },
        ],
      },
    ],
  }),
  cyclonedx: () => ({
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    metadata: {
      timestamp: createdAt(),
      component: { type: 'container', name: 'ghcr.io/acme/api:1.0' },
    },
    components: [
      {
        'bom-ref': 'pkg:npm/left-pad@1.3.0',
        type: 'library',
        name: 'left-pad',
        version: '1.3.0',
        purl: 'pkg:npm/left-pad@1.3.0',
        licenses: [{ license: { id: 'MIT' } }],
      },
    ],
    vulnerabilities: [
      {
        id: 'CVE-2026-0002',
        ratings: [{ severity: 'critical', score: 9.8 }],
        affects: [{ ref: 'pkg:npm/left-pad@1.3.0' }],
      },
    ],
  }),
  spdx: () => ({
    spdxVersion: 'SPDX-2.3',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: 'ghcr.io/acme/api:1.0',
    dataLicense: 'CC0-1.0',
    documentNamespace: 'https://acme.test/spdx/api',
    creationInfo: { created: createdAt(), creators: ['Tool: trivy'] },
    documentDescribes: ['SPDXRef-root'],
    packages: [
      { SPDXID: 'SPDXRef-root', name: 'ghcr.io/acme/api:1.0' },
      {
        SPDXID: 'SPDXRef-left-pad',
        name: 'left-pad',
        versionInfo: '1.3.0',
        licenseConcluded: 'MIT',
        externalRefs: [
          {
            referenceCategory: 'PACKAGE-MANAGER',
            referenceType: 'purl',
            referenceLocator: 'pkg:npm/left-pad@1.3.0',
          },
        ],
      },
    ],
  }),
};
