/**
 * PostgreSQL `text` cannot hold a NUL character (SQLite can): every string that came from
 * outside is stored without them, so both engines keep the same value and neither fails.
 */
export function withoutNul(value: string): string {
  return value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
}

/** {@link withoutNul} for nullable fields. */
export function withoutNulOrNull<T extends string | null | undefined>(
  value: T,
): T {
  return (typeof value === 'string' ? withoutNul(value) : value) as T;
}

/** A row with {@link withoutNul} applied to each of its string values; other values as they are. */
export function storableRow<T extends object>(row: T): T {
  let copy: T | undefined;
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'string' && value.includes('\u0000')) {
      copy ??= { ...row };
      (copy as Record<string, unknown>)[key] = withoutNul(value);
    }
  }
  return copy ?? row;
}
