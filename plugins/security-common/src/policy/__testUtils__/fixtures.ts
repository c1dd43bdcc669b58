import type {
  SecretsSummary,
  SignatureSummary,
  VulnerabilitySummary,
} from '../../types';
import { DEFAULT_POLICY_SET } from '../defaultPolicySet';
import { gradeWithPolicy } from '../gradeWithPolicy';
import type {
  ExploitSignal,
  FixableFinding,
  GradingSections,
  PolicyGradingInput,
} from '../types';

// Shared by the policy tests: one entity that passes everything, varied one thing at a time.
export const now = new Date('2026-11-23T00:00:00Z');
const zero = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
export const DIGEST = `sha256:${'ab'.repeat(32)}`;

export const vulns = (
  extra: Partial<VulnerabilitySummary> = {},
): VulnerabilitySummary => ({
  ...zero,
  fixable: zero,
  scannedAt: '2026-11-22T00:00:00Z',
  artifact: 'ghcr.io/acme/api',
  digest: DIGEST,
  stale: false,
  ...extra,
});

export const signature = (
  status: SignatureSummary['status'],
  extra: Partial<SignatureSummary> = {},
): SignatureSummary => ({
  status,
  signer: null,
  checkedAt: '2026-11-22T11:00:00Z',
  stale: false,
  digest: DIGEST,
  reason: null,
  logIndex: null,
  logUrl: null,
  integratedTime: null,
  ...extra,
});

export const secrets = (
  overdue: number,
  extra: Partial<SecretsSummary> = {},
): SecretsSummary => ({
  total: 4,
  overdue,
  dueSoon: 0,
  oldestAgeDays: 143,
  overdueSecrets: overdue
    ? [
        {
          path: 'payments/db',
          engine: 'secret',
          kind: 'kv',
          ageDays: 143,
          maxAgeDays: 90,
        },
      ]
    : [],
  checkedAt: '2026-11-22T00:00:00Z',
  stale: false,
  ...extra,
});

export const sbomSummary = {
  components: 120,
  format: 'cyclonedx' as const,
  generatedAt: '2026-11-22T00:00:00Z',
};

export const finding = (
  id: string,
  severity: FixableFinding['severity'],
  packageName = 'openssl',
  fixedVersion = '3.0.13',
): FixableFinding => ({ id, severity, packageName, fixedVersion });

/** An open finding with exploit data: high, openssl 3.0.1 fixed in 3.0.13, no KEV, no EPSS. */
export const signal = (
  id: string,
  extra: Partial<ExploitSignal> = {},
): ExploitSignal => ({
  id,
  severity: 'high',
  packageName: 'openssl',
  installedVersion: '3.0.1',
  fixedVersion: '3.0.13',
  kev: false,
  epss: null,
  cveId: id,
  kevDateAdded: null,
  ...extra,
});

export const allKnown: GradingSections = {
  vulnerabilities: vulns(),
  sbom: sbomSummary,
  signature: signature('verified'),
  secrets: secrets(0),
};

export const standard = DEFAULT_POLICY_SET.policies.standard;
export const internetFacing = DEFAULT_POLICY_SET.policies['internet-facing'];

/** Grades the all-passing entity under `standard` with whatever differs. */
export function grade(
  input: Partial<Omit<PolicyGradingInput, 'sections'>> & {
    sections?: Partial<GradingSections>;
  } = {},
) {
  return gradeWithPolicy({
    policy: standard,
    applicable: ['scan', 'sbom', 'signature', 'secrets'],
    fixableFindings: [],
    exemptions: [],
    now,
    ...input,
    sections: { ...allKnown, ...input.sections },
  });
}
