import type { GradeCounts } from '@posture/backstage-plugin-security-common';
import { GRADE_COLORS } from '../GradeBadge/gradeColor';

/** A grade bucket of the scorecards: a letter, or `none` for entities not graded yet. */
export type GradeBucket = keyof GradeCounts;

/** Best to worst, then the ungraded: the order of stacks, legends and table columns. */
export const GRADE_BUCKETS: readonly GradeBucket[] = [
  'A',
  'B',
  'C',
  'D',
  'F',
  'none',
];

/** The badge colours, plus a grey for "not graded" that still reaches 4.5:1 on white. */
export const BUCKET_COLORS: Record<GradeBucket, string> = {
  ...GRADE_COLORS,
  none: '#757575',
};

export function bucketLabel(bucket: GradeBucket): string {
  return bucket === 'none' ? 'Not graded' : bucket;
}

/** The bucket as a heading or option: "Grade A" … "Grade F", "Not graded". */
export function bucketHeading(bucket: GradeBucket): string {
  return bucket === 'none' ? bucketLabel(bucket) : `Grade ${bucket}`;
}
