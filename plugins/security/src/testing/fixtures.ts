import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  emptyPosture as emptyPostureOf,
  type EntityPosture,
  type SbomComponentItem,
  type SecretItem,
  type SecretsSummary,
  type SignatureItem,
  type SignatureSummary,
  type VulnerabilityItem,
  type VulnerabilitySummary,
} from '@posture/backstage-plugin-security-common';
import type { SecurityReport } from '../api/types';

/** Example entities and postures shared by the tests and the dev harness. */

export function componentEntity(
  name: string,
  annotations: Record<string, string> = {
    'posture.dev/image': `ghcr.io/acme/${name}`,
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

/** What the backend answers for an entity nothing has been ingested for. */
export function emptyPosture(entity: Entity): EntityPosture {
  return emptyPostureOf(stringifyEntityRef(entity));
}

/** A scanned, graded entity whose signature and secrets have not been reported. */
export function gradedPosture(
  entity: Entity,
  scannedAt: string,
): EntityPosture {
  return {
    ...emptyPosture(entity),
    grade: 'D',
    score: 58,
    reasons: [
      {
        check: 'no-critical-vulnerabilities',
        message: '2 critical vulnerabilities have a fix available',
        fix: 'Upgrade openssl to 3.0.15 and rebuild the image',
      },
    ],
    vulnerabilities: {
      critical: 2,
      high: 5,
      medium: 11,
      low: 0,
      unknown: 1,
      fixable: { critical: 2, high: 3, medium: 0, low: 0, unknown: 0 },
      scannedAt,
      artifact: `ghcr.io/acme/${entity.metadata.name}:1.4.2`,
      digest:
        'sha256:4b825dc642cb6eb9a060e54bf8d69288fbee4904e2f4a5b3c1d0e9f8a7b6c5d4',
      stale: false,
    },
    sbom: { components: 214, format: 'cyclonedx', generatedAt: scannedAt },
    updatedAt: scannedAt,
  };
}

/** A finding as `GET .../vulnerabilities` lists it; override what a test cares about. */
export function vulnerability(
  overrides: Partial<VulnerabilityItem> = {},
): VulnerabilityItem {
  return {
    id: 'CVE-2019-14697',
    severity: 'critical',
    packageName: 'musl',
    installedVersion: '1.1.20-r4',
    fixedVersion: '1.1.20-r5',
    status: 'fixed',
    cvssScore: 9.8,
    title:
      'musl libc through 1.1.23 has an x87 floating-point stack adjustment imbalance',
    url: 'https://avd.aquasec.com/nvd/cve-2019-14697',
    target: 'ghcr.io/acme/payments:1.4.2 (alpine 3.9.4)',
    purl: 'pkg:apk/alpine/musl@1.1.20-r4',
    publishedAt: '2019-08-06T16:15:00Z',
    ...overrides,
  };
}

/** A component as `GET .../sbom` lists it. */
export function sbomComponent(
  overrides: Partial<SbomComponentItem> = {},
): SbomComponentItem {
  return {
    name: 'openssl',
    version: '3.0.13',
    purl: 'pkg:generic/openssl@3.0.13',
    type: 'library',
    licenses: ['Apache-2.0'],
    ...overrides,
  };
}

/** A current report as `GET .../reports` lists it. */
export function report(
  overrides: Partial<SecurityReport> = {},
): SecurityReport {
  return {
    id: 'r-cyclonedx-1',
    entityRef: 'component:default/payments',
    artifact: 'ghcr.io/acme/payments',
    artifactName: 'ghcr.io/acme/payments:1.4.2',
    digest:
      'sha256:4b825dc642cb6eb9a060e54bf8d69288fbee4904e2f4a5b3c1d0e9f8a7b6c5d4',
    format: 'cyclonedx',
    sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    generatedAt: '2026-11-20T10:00:00Z',
    ingestedAt: '2026-11-20T10:05:00Z',
    findings: 0,
    components: 214,
    otherFindings: {},
    ...overrides,
  };
}

/** A secret as `GET .../secrets` lists it: a KV secret well within its rotation period. */
export function secretItem(overrides: Partial<SecretItem> = {}): SecretItem {
  return {
    path: 'payments/stripe',
    engine: 'secret',
    kind: 'kv',
    currentVersion: 3,
    createdTime: '2026-11-01T12:00:00Z',
    updatedTime: '2026-11-01T12:00:00Z',
    ageDays: 12,
    maxAgeDays: 90,
    status: 'ok',
    checkedAt: '2026-11-13T12:00:00Z',
    stale: false,
    error: null,
    ...overrides,
  };
}

/** The posture's `secrets` section. */
export function secretsSummary(
  overrides: Partial<SecretsSummary> = {},
): SecretsSummary {
  return {
    total: 1,
    overdue: 0,
    dueSoon: 0,
    oldestAgeDays: 12,
    checkedAt: '2026-11-13T12:00:00Z',
    stale: false,
    ...overrides,
  };
}

const IMAGE_DIGEST =
  'sha256:4b825dc642cb6eb9a060e54bf8d69288fbee4904e2f4a5b3c1d0e9f8a7b6c5d4';

/** The posture's `signature` section: a verified keyless signature from CI. */
export function signatureSummary(
  overrides: Partial<SignatureSummary> = {},
): SignatureSummary {
  return {
    status: 'verified',
    signer: {
      issuer: 'https://token.actions.githubusercontent.com',
      subject:
        'https://github.com/acme/payments/.github/workflows/release.yml@refs/heads/main',
    },
    checkedAt: '2026-11-13T12:00:00Z',
    stale: false,
    digest: IMAGE_DIGEST,
    reason: null,
    logIndex: 123456789,
    logUrl: 'https://search.sigstore.dev/?logIndex=123456789',
    integratedTime: '2026-11-12T09:30:00Z',
    ...overrides,
  };
}

/** A verdict as `GET .../signatures` lists it: a verified attestation found in Rekor. */
export function signatureItem(
  overrides: Partial<SignatureItem> = {},
): SignatureItem {
  const summary = signatureSummary();
  return {
    digest: IMAGE_DIGEST,
    status: 'verified',
    reason: null,
    signer: summary.signer,
    logIndex: summary.logIndex,
    logUrl: summary.logUrl,
    integratedTime: summary.integratedTime,
    checkedAt: summary.checkedAt,
    stale: false,
    error: null,
    source: 'rekor',
    kind: 'attestation',
    predicateType: 'https://slsa.dev/provenance/v1',
    entries: 1,
    ...overrides,
  };
}

/** A scan's counts (19 findings, 4 with a fix) for the findings table's filter chips. */
export function vulnerabilitySummary(): VulnerabilitySummary {
  return {
    critical: 2,
    high: 5,
    medium: 11,
    low: 0,
    unknown: 1,
    fixable: { critical: 1, high: 3, medium: 0, low: 0, unknown: 0 },
    scannedAt: null,
    artifact: null,
    digest: null,
    stale: false,
  };
}
