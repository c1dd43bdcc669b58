import { secretRotationReasons } from './secretReasons';
import type {
  Grade,
  PostureReason,
  SbomSummary,
  SecretsSummary,
  SeverityCounts,
  SignatureSummary,
  VulnerabilitySummary,
} from './types';

/**
 * Grading rules, pure so that the backend, scorecards and docs agree. A score starts at 100
 * and each finding class takes off points up to a cap, so one noisy class cannot hide the
 * others; the grade is the score's band.
 */
export const GRADE_BANDS: ReadonlyArray<readonly [Grade, number]> = [
  ['A', 90],
  ['B', 80],
  ['C', 70],
  ['D', 60],
  ['F', 0],
];

const PENALTIES: ReadonlyArray<{
  severity: keyof SeverityCounts;
  each: number;
  cap: number;
}> = [
  { severity: 'critical', each: 20, cap: 60 },
  { severity: 'high', each: 5, cap: 30 },
  { severity: 'medium', each: 1, cap: 10 },
];

const OVERDUE_SECRET_PENALTY = { each: 10, cap: 30 };

/** Scans older than this no longer describe what runs. */
export const MAX_SCAN_AGE_DAYS = 30;
const STALE_SCAN_PENALTY = 10;

/**
 * The best score without a vulnerability scan: the top of C. Signatures and secrets alone
 * say nothing about what the image contains, so they cannot earn an A or a B.
 */
export const MAX_SCORE_WITHOUT_SCAN = 79;

const SCAN_MISSING_REASON: PostureReason = {
  check: 'scan-missing',
  message:
    "No vulnerability scan: the image's vulnerabilities are unknown, so the grade is at most C",
  fix: 'Upload a Trivy report from CI: run `trivy image --format json` on every build and POST it to /api/security/v1/reports.',
};

const ageFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** Days to one decimal, rounded up so an age just over a limit never reads as the limit. */
function formatAgeDays(days: number): string {
  return ageFormat.format(Math.ceil(days * 10 - 1e-9) / 10);
}

/** @public */
export function gradeForScore(score: number): Grade {
  return GRADE_BANDS.find(([, min]) => score >= min)![0];
}

/** @public */
export interface GradeResult {
  grade: Grade | null;
  score: number | null;
  reasons: PostureReason[];
}

/**
 * Grades what is known, and only that. With nothing known there is no grade. Without a
 * vulnerability scan the score is at most {@link MAX_SCORE_WITHOUT_SCAN} (a C) and the first
 * reason says so: an unscanned service is not an A. An SBOM counts as known but takes no
 * points; what else is unknown is the posture's `missing` (see `missingSources`).
 * @public
 */
export function gradePosture(
  input: {
    vulnerabilities: VulnerabilitySummary | null;
    sbom?: SbomSummary | null;
    secrets?: SecretsSummary | null;
    signature?: SignatureSummary | null;
  },
  now: Date = new Date(),
): GradeResult {
  const vulns = input.vulnerabilities;
  const sbom = input.sbom ?? null;
  const secrets = input.secrets ?? null;
  const signature = input.signature ?? null;
  if (!vulns && !sbom && !secrets && !signature) {
    return { grade: null, score: null, reasons: [] };
  }
  let score = 100;
  const reasons: PostureReason[] = [];
  if (vulns) {
    score -= gradeVulnerabilities(vulns, now, reasons);
  } else {
    reasons.push(SCAN_MISSING_REASON);
  }
  if (signature) {
    score -= gradeSignature(signature, reasons);
  }
  if (secrets) {
    score -= gradeSecrets(secrets, reasons);
  }
  score = Math.max(0, score);
  if (!vulns) {
    score = Math.min(score, MAX_SCORE_WITHOUT_SCAN);
  }
  return { grade: gradeForScore(score), score, reasons };
}

function gradeVulnerabilities(
  vulns: VulnerabilitySummary,
  now: Date,
  reasons: PostureReason[],
): number {
  let penalty = 0;
  for (const { severity, each, cap } of PENALTIES) {
    const count = vulns[severity];
    if (count > 0) {
      penalty += Math.min(cap, count * each);
      const fixable = vulns.fixable[severity];
      reasons.push({
        check: `${severity}-vulnerabilities`,
        message: `${count} ${severity} vulnerabilit${
          count === 1 ? 'y' : 'ies'
        } (${fixable} with a fix)`,
        fix:
          fixable > 0
            ? `Upgrade the ${
                fixable === 1
                  ? 'package that has'
                  : `${fixable} packages that have`
              } a fixed version, rebuild and rescan.`
            : 'No fix is published yet: check the advisories for mitigations, or change the base image.',
        // The rows to act on: those with a fix when there are any, else every one counted.
        target: 'findings',
        filter:
          fixable > 0
            ? { severity: [severity], fixable: true }
            : { severity: [severity] },
      });
    }
  }
  if (vulns.scannedAt) {
    const ageDays = (now.getTime() - Date.parse(vulns.scannedAt)) / 86_400_000;
    if (ageDays > MAX_SCAN_AGE_DAYS) {
      penalty += STALE_SCAN_PENALTY;
      reasons.push({
        check: 'scan-age',
        message: `The newest scan is ${formatAgeDays(
          ageDays,
        )} days old; scan at least every ${MAX_SCAN_AGE_DAYS} days`,
        fix: `Scan in CI on every build (at least every ${MAX_SCAN_AGE_DAYS} days) and upload the report.`,
      });
    }
  }
  return penalty;
}

/** Points off per signature state: a forged or foreign signature is worse than none. */
export const SIGNATURE_PENALTIES: Readonly<
  Record<SignatureSummary['status'], number>
> = {
  verified: 0,
  invalid: 30,
  'unexpected-signer': 20,
  unsigned: 10,
  // The log could not be asked: nothing is known against the service yet.
  unknown: 0,
};

const shortDigest = (digest: string | null) =>
  digest ? `${digest.slice(0, 19)}…` : 'the current image';

function gradeSignature(
  signature: SignatureSummary,
  reasons: PostureReason[],
): number {
  const image = shortDigest(signature.digest);
  const why = signature.reason ? `: ${signature.reason}` : '';
  switch (signature.status) {
    case 'invalid':
      reasons.push({
        check: 'signature-invalid',
        message: `The signature of ${image} does not verify${why}`,
        fix: 'Treat the image as untrusted until it is rebuilt and signed again from CI; check that the trusted roots in security.signing are current.',
        target: 'signature',
      });
      break;
    case 'unexpected-signer':
      reasons.push({
        check: 'signature-signer',
        message: `${image} is signed, but not by an allowed identity${why}`,
        fix: 'Sign from the release workflow, or add its identity to security.signing.identities or the posture.dev/signing-identity annotation.',
        target: 'signature',
      });
      break;
    case 'unsigned':
      reasons.push({
        check: 'signature-missing',
        message: `No verified signature or attestation for ${image}`,
        fix: 'Sign or attest the image in CI with cosign (keyless), then upload the bundle or let Posture find it in Rekor.',
        target: 'signature',
      });
      break;
    case 'unknown':
      reasons.push({
        check: 'signature-unknown',
        message: `The signature of ${image} could not be checked${why}`,
        fix: 'Check that the Rekor log configured in security.rekor.baseUrl is reachable.',
        target: 'signature',
      });
      break;
    default:
      break;
  }
  if (signature.stale && signature.status !== 'unknown') {
    reasons.push({
      check: 'signature-stale',
      message:
        'The transparency log could not be read at the last check; the signature state is the last known one',
      fix: 'Check that the Rekor log configured in security.rekor.baseUrl is reachable.',
      target: 'signature',
    });
  }
  return SIGNATURE_PENALTIES[signature.status];
}

function gradeSecrets(
  secrets: SecretsSummary,
  reasons: PostureReason[],
): number {
  let penalty = 0;
  if (secrets.overdue > 0) {
    penalty += Math.min(
      OVERDUE_SECRET_PENALTY.cap,
      secrets.overdue * OVERDUE_SECRET_PENALTY.each,
    );
    reasons.push(...secretRotationReasons(secrets));
  }
  if (secrets.stale) {
    reasons.push({
      check: 'secrets-stale',
      message:
        'Vault could not be read at the last check; secret ages are the last known ones',
      fix: "Check the Posture Vault token's policy and Vault's health.",
      target: 'secrets',
    });
  }
  return penalty;
}
