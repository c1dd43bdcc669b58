import type { Severity } from '@posture/backstage-plugin-security-common';
import type {
  ParsedComponent,
  ParsedReport,
  ParsedVulnerability,
} from '@posture/backstage-plugin-security-node';

const severities: Severity[] = ['critical', 'high', 'medium', 'low', 'unknown'];

/** A finding with every field set; `i` varies id, package, severity and score. */
export function makeVulnerability(
  i: number,
  overrides: Partial<ParsedVulnerability> = {},
): ParsedVulnerability {
  return {
    id: `CVE-2026-${String(10000 + i)}`,
    severity: severities[i % severities.length],
    packageName: `pkg-${i % 97}`,
    installedVersion: `1.${i % 10}.0`,
    fixedVersion: i % 3 === 0 ? null : `1.${i % 10}.1`,
    status: i % 3 === 0 ? 'affected' : 'fixed',
    cvssScore:
      i % 7 === 0 ? null : Math.round((((i * 37) % 100) / 10) * 10) / 10,
    title: `Problem number ${i} in pkg-${i % 97}`,
    url: `https://avd.aquasec.com/nvd/cve-2026-${10000 + i}`,
    publishedAt: new Date(Date.UTC(2025, 0, 1 + (i % 300))).toISOString(),
    target: i % 2 ? 'ghcr.io/acme/api:1.0 (debian 12.5)' : 'Node.js',
    purl: `pkg:npm/pkg-${i % 97}@1.${i % 10}.0`,
    ...overrides,
  };
}

export function makeComponent(
  i: number,
  overrides: Partial<ParsedComponent> = {},
): ParsedComponent {
  const licenses = [['MIT'], ['Apache-2.0'], ['MIT', 'BSD-3-Clause'], []][
    i % 4
  ];
  return {
    name: `component-${String(i).padStart(5, '0')}`,
    version: `2.${i % 5}.0`,
    purl: `pkg:npm/component-${i}@2.${i % 5}.0`,
    type: 'library',
    licenses,
    ...overrides,
  };
}

/** A Trivy-like scan of `ghcr.io/acme/api` with `findings` vulnerabilities. */
export function makeScan(
  findings: number,
  overrides: Partial<ParsedReport> = {},
): ParsedReport {
  return {
    format: 'trivy',
    artifact: {
      name: 'ghcr.io/acme/api:1.0',
      digests: ['ghcr.io/acme/api@sha256:aaaa'],
    },
    generatedAt: '2026-11-20T10:00:00.000Z',
    vulnerabilities: Array.from({ length: findings }, (_, i) =>
      makeVulnerability(i),
    ),
    components: [],
    otherFindings: {},
    ...overrides,
  };
}

/** A CycloneDX-like SBOM of `ghcr.io/acme/api` with `count` components. */
export function makeSbom(
  count: number,
  overrides: Partial<ParsedReport> = {},
): ParsedReport {
  return {
    format: 'cyclonedx',
    artifact: { name: 'ghcr.io/acme/api:1.0', digests: [] },
    generatedAt: '2026-11-20T10:00:00.000Z',
    vulnerabilities: [],
    components: Array.from({ length: count }, (_, i) => makeComponent(i)),
    otherFindings: {},
    ...overrides,
  };
}
