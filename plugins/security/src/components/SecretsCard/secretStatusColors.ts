import type { SecretStatus } from '@posture/backstage-plugin-security-common';

/** Traffic-light colours: only overdue and due-soon call for action, so only they stand out. */
export const SECRET_STATUS_COLORS: Record<SecretStatus, string> = {
  ok: '#2e7d32',
  'due-soon': '#ffb300',
  overdue: '#c62828',
  deleted: '#757575',
  unknown: '#9e9e9e',
};

/**
 * Lower-case, as in the summary line ("1 overdue"), so the same word reads the same
 * everywhere; end-to-end tests look for "overdue".
 */
export const SECRET_STATUS_LABELS: Record<SecretStatus, string> = {
  ok: 'ok',
  'due-soon': 'due soon',
  overdue: 'overdue',
  deleted: 'deleted',
  unknown: 'unknown',
};
