import type { Grade } from './types';

/**
 * The letter bands of a score, best first; shared so that the backend, the scorecards and
 * the docs agree. The score itself comes from the policy (`gradeWithPolicy`).
 * @public
 */
export const GRADE_BANDS: ReadonlyArray<readonly [Grade, number]> = [
  ['A', 90],
  ['B', 80],
  ['C', 70],
  ['D', 60],
  ['F', 0],
];

/** @public */
export function gradeForScore(score: number): Grade {
  return GRADE_BANDS.find(([, min]) => score >= min)![0];
}
