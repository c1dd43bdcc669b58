import type {
  Grade,
  PostureReason,
  SecretsSummary,
  SeverityCounts,
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
 * Grades what is known. With nothing known there is no grade: an unscanned service is not
 * an A.
 * @public
 */
export function gradePosture(
  input: {
    vulnerabilities: VulnerabilitySummary | null;
    secrets?: SecretsSummary | null;
  },
  now: Date = new Date(),
): GradeResult {
  const vulns = input.vulnerabilities;
  const secrets = input.secrets ?? null;
  if (!vulns && !secrets) {
    return { grade: null, score: null, reasons: [] };
  }
  let score = 100;
  const reasons: PostureReason[] = [];
  if (vulns) {
    score -= gradeVulnerabilities(vulns, now, reasons);
  }
  if (secrets) {
    score -= gradeSecrets(secrets, reasons);
  }
  score = Math.max(0, score);
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
      });
    }
  }
  if (vulns.scannedAt) {
    const ageDays = (now.getTime() - Date.parse(vulns.scannedAt)) / 86_400_000;
    if (ageDays > MAX_SCAN_AGE_DAYS) {
      penalty += STALE_SCAN_PENALTY;
      reasons.push({
        check: 'scan-age',
        message: `The newest scan is ${Math.floor(ageDays)} days old`,
        fix: `Scan in CI on every build, or at least every ${MAX_SCAN_AGE_DAYS} days.`,
      });
    }
  }
  return penalty;
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
    reasons.push({
      check: 'secret-rotation',
      message: `${secrets.overdue} secret${
        secrets.overdue === 1 ? ' is' : 's are'
      } overdue for rotation`,
      fix: 'Rotate them: write a new version (KV) or check why Vault could not rotate the static role.',
    });
  }
  if (secrets.stale) {
    reasons.push({
      check: 'secrets-stale',
      message:
        'Vault could not be read at the last check; secret ages are the last known ones',
      fix: "Check the Posture Vault token's policy and Vault's health.",
    });
  }
  return penalty;
}
