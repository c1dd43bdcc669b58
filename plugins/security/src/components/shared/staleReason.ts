const SHOWN_ERRORS = 3;

/** What `staleReason` reads: any row a pull source keeps, with its last check's error. */
export type CheckedRow = { stale: boolean; error: string | null };

/**
 * Why the last check failed, from the errors it left on the rows. When the source is down
 * every row carries the same error, so each distinct one is said once.
 */
export function staleReason(items: readonly CheckedRow[]): string | null {
  const failed = items.filter(item => item.stale && item.error);
  const source = failed.length > 0 ? failed : items.filter(item => item.error);
  const errors = [
    ...new Set(source.map(item => item.error!.trim().replace(/\.+$/, ''))),
  ];
  if (errors.length === 0) {
    return null;
  }
  const shown = errors.slice(0, SHOWN_ERRORS).join('; ');
  const more = errors.length - SHOWN_ERRORS;
  return more > 0 ? `${shown} (and ${more} more)` : shown;
}
