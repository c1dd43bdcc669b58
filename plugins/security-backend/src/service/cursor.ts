import { InputError } from '@backstage/errors';

/**
 * Opaque paging cursors. They carry an offset today; clients must treat them as opaque so the
 * encoding can change (e.g. to keyset paging) without breaking them.
 */
export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset }), 'utf8').toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) {
    return 0;
  }
  try {
    const { o } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Number.isInteger(o) && o >= 0) {
      return o;
    }
  } catch {
    // fall through to the error below
  }
  throw new InputError(
    `Invalid cursor "${cursor}": pass the nextCursor of a previous page`,
  );
}

/** The next page's cursor, or undefined on the last page. */
export function nextCursor(
  offset: number,
  pageSize: number,
  totalCount: number,
): string | undefined {
  return offset + pageSize < totalCount
    ? encodeCursor(offset + pageSize)
    : undefined;
}

/**
 * Where a page sits in the whole list, so a client can go back from any page it was linked
 * to and jump to the last one without walking the cursors.
 */
export function pagePosition(
  offset: number,
  pageSize: number,
  totalCount: number,
): {
  offset: number;
  nextCursor?: string;
  previousCursor?: string;
  lastCursor?: string;
} {
  const lastOffset =
    totalCount > 0 ? Math.floor((totalCount - 1) / pageSize) * pageSize : 0;
  return {
    offset,
    nextCursor: nextCursor(offset, pageSize, totalCount),
    previousCursor:
      offset > 0 ? encodeCursor(Math.max(0, offset - pageSize)) : undefined,
    lastCursor:
      offset + pageSize < totalCount ? encodeCursor(lastOffset) : undefined,
  };
}
