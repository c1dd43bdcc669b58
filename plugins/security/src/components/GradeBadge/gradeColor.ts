import type { Grade } from '@posture/backstage-plugin-security-common';

/** Green to red, so the grade reads at a glance before the letter does. */
export const GRADE_COLORS: Record<Grade, string> = {
  A: '#2e7d32',
  B: '#558b2f',
  C: '#f9a825',
  D: '#ef6c00',
  F: '#c62828',
};
