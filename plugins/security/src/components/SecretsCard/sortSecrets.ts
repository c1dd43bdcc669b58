import type {
  SecretItem,
  SecretStatus,
} from '@posture/backstage-plugin-security-common';

// What needs doing first: overdue, then about to be, then what cannot be judged.
const STATUS_RANK: Record<SecretStatus, number> = {
  overdue: 0,
  'due-soon': 1,
  unknown: 2,
  deleted: 3,
  ok: 4,
};

/**
 * The backend's order (status, then oldest first), restated here because the card only
 * shows the first few rows and those must be the urgent ones whatever the backend version.
 * Stable, so equal rows keep the backend's order.
 */
export function sortSecrets(items: readonly SecretItem[]): SecretItem[] {
  return [...items].sort(
    (a, b) =>
      STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
      (b.ageDays ?? -1) - (a.ageDays ?? -1),
  );
}
