import type {
  CheckResult,
  EntityPosture,
} from '@posture/backstage-plugin-security-common';

function check(
  id: CheckResult['check'],
  status: CheckResult['status'],
  weight: number,
): CheckResult {
  return {
    check: id,
    status,
    weight,
    gate: id === 'fixable-vulnerabilities' || id === 'scan-age',
    message: `${id} is ${status}`,
    fix: status === 'pass' ? null : `Fix ${id}`,
    exemption:
      status === 'exempt'
        ? { id: 'ex-1', expiresAt: '2027-01-31T00:00:00.000Z' }
        : null,
  };
}

/**
 * A graded service as the security backend answers it: fixable highs under an approved
 * exemption, a fresh scan, no SBOM, a verified signature; secrets do not apply.
 */
export const checkoutPosture: EntityPosture = {
  entityRef: 'component:default/checkout',
  grade: 'B',
  score: 80,
  reasons: [
    {
      check: 'sbom',
      message: 'No SBOM has been uploaded',
      fix: 'Generate an SBOM in CI (trivy image --format cyclonedx) and upload it',
    },
  ],
  vulnerabilities: {
    critical: 0,
    high: 3,
    medium: 7,
    low: 12,
    unknown: 0,
    fixable: { critical: 0, high: 2, medium: 4, low: 1, unknown: 0 },
    scannedAt: '2026-12-18T09:00:00.000Z',
    artifact: 'ghcr.io/acme/checkout:1.4.2',
    digest: `sha256:${'a'.repeat(64)}`,
    stale: false,
  },
  sbom: null,
  signature: {
    status: 'verified',
    signer: {
      issuer: 'https://token.actions.githubusercontent.com',
      subject:
        'https://github.com/acme/checkout/.github/workflows/build.yml@refs/heads/main',
    },
    checkedAt: '2026-12-18T09:05:00.000Z',
    stale: false,
    digest: `sha256:${'a'.repeat(64)}`,
    reason: null,
    logIndex: 123456,
    logUrl: null,
    integratedTime: '2026-12-18T09:01:00.000Z',
  },
  secrets: null,
  updatedAt: '2026-12-18T09:05:00.000Z',
  policy: 'standard',
  checks: [
    check('fixable-vulnerabilities', 'exempt', 40),
    check('scan-age', 'pass', 20),
    check('sbom', 'missing', 10),
    check('signature', 'pass', 20),
  ],
  missing: ['sbom'],
};

/** The facts checkoutPosture becomes. */
export const checkoutFacts = {
  grade: 'B',
  score: 80,
  policy: 'standard',
  check_fixable_vulnerabilities: true,
  check_scan_age: true,
  check_sbom: false,
  check_signature: true,
  critical: 0,
  high: 3,
  fixable_critical: 0,
  fixable_high: 2,
};
