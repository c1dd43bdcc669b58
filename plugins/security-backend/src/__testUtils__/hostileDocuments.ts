import fc from 'fast-check';

/*
 * Small valid documents of each format, and the values a careless or hostile uploader puts
 * in their fields, for the property tests.
 */

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

function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** What goes in place of a field: wrong types, odd strings, odd numbers, odd dates, depth. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string().map(s => `${s}\u0000${s}`),
  fc.constantFrom(256, 513, 1025, 2049, 5000).map(n => 'x'.repeat(n)),
  fc
    .constantFrom(256, 2049)
    .map(n => `https://example.test/${'\u{1F600}'.repeat(n)}`),
  fc.constantFrom(
    '0000-01-01T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '1970-01-01T00:00:00Z',
    '2026-02-30T25:61:00Z',
    // A script URL, spelled so no linter mistakes it for one of ours.
    ['javascript', 'alert(1)'].join(':'),
    '',
  ),
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e308, -1e308, 5e-324, -0, 2 ** 53 + 1, 11, -1),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(10, 100, 1000).map(nested),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Every path to a value inside the document, parents before children. */
function pathsOf(value: unknown, prefix: Array<string | number> = []) {
  const paths: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value)) {
    value.forEach((v, i) => paths.push(...pathsOf(v, [...prefix, i])));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      paths.push(...pathsOf(v, [...prefix, k]));
    }
  }
  return paths;
}

/** The document with the value at each chosen path (index modulo the paths) replaced. */
export function mutate(
  document: unknown,
  mutations: Array<[number, unknown]>,
): unknown {
  const result = document;
  for (const [index, replacement] of mutations) {
    const paths = pathsOf(result).slice(1);
    if (paths.length === 0) return replacement;
    const path = paths[index % paths.length];
    const parent = path
      .slice(0, -1)
      .reduce<any>((node, key) => node[key], result);
    parent[path[path.length - 1]] = replacement;
  }
  return result;
}
