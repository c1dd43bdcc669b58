/** Trivy's finding statuses in words; an unknown status is shown with its underscores spaced. */
const STATUS_LABELS: Record<string, string> = {
  unknown: 'Unknown',
  not_affected: 'Not affected',
  affected: 'Affected',
  fixed: 'Fixed',
  under_investigation: 'Under investigation',
  will_not_fix: 'Will not fix',
  fix_deferred: 'Fix deferred',
  end_of_life: 'End of life',
};

export function statusLabel(status: string): string {
  const known = STATUS_LABELS[status.toLowerCase()];
  if (known) {
    return known;
  }
  const words = status.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
