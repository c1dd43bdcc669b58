import type {
  Grade,
  PostureReason,
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
  input: { vulnerabilities: VulnerabilitySummary | null },
  now: Date = new Date(),
): GradeResult {
  const vulns = input.vulnerabilities;
  if (!vulns) {
    return { grade: null, score: null, reasons: [] };
  }
  let score = 100;
  const reasons: PostureReason[] = [];
  for (const { severity, each, cap } of PENALTIES) {
    const count = vulns[severity];
    if (count > 0) {
      score -= Math.min(cap, count * each);
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
      score -= STALE_SCAN_PENALTY;
      reasons.push({
        check: 'scan-age',
        message: `The newest scan is ${Math.floor(ageDays)} days old`,
        fix: `Scan in CI on every build, or at least every ${MAX_SCAN_AGE_DAYS} days.`,
      });
    }
  }
  score = Math.max(0, score);
  return { grade: gradeForScore(score), score, reasons };
}
