import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/** What every paged list route answers, besides its items. */
export type CursorPage = { totalCount: number; nextCursor?: string };

export type PageRequest = { limit: number; cursor?: string };

type Position = {
  key: string;
  page: number;
  /** `cursors[i]` fetches page `i`; page 0 needs none. */
  cursors: Array<string | undefined>;
};

export type CursorPaging<T extends CursorPage> = {
  /** The latest page received; kept while the next one loads so the table does not jump. */
  result?: T;
  loading: boolean;
  error?: Error;
  retry: () => void;
  page: number;
  pageSize: number;
  setPageSize: (size: number) => void;
  hasNext: boolean;
  hasPrevious: boolean;
  next: () => void;
  previous: () => void;
};

/**
 * Server-side paging over opaque cursors. The backend only hands out the cursor of the
 * page after the one it answered, so the cursor of every visited page is kept to be able
 * to go back; there is no jumping ahead.
 */
export function useCursorPaging<T extends CursorPage>(options: {
  /** Everything the pages depend on besides paging; when it changes, paging restarts. */
  queryKey: string;
  initialPageSize: number;
  load: (request: PageRequest) => Promise<T>;
}): CursorPaging<T> {
  const [pageSize, setPageSize] = useState(options.initialPageSize);
  const key = `${options.queryKey}|${pageSize}`;
  const [position, setPosition] = useState<Position>({
    key,
    page: 0,
    cursors: [undefined],
  });
  // Derived instead of reset in an effect, so a new filter never fetches the old page first.
  const current: Position =
    position.key === key ? position : { key, page: 0, cursors: [undefined] };
  const cursor = current.cursors[current.page];
  const requestKey = `${key}#${current.page}`;

  const state = useAsyncRetry(async () => {
    const request: PageRequest = { limit: pageSize };
    if (cursor !== undefined) {
      request.cursor = cursor;
    }
    return { requestKey, page: await options.load(request) };
  }, [requestKey]);

  // Until the answer to this very request is in, a stale page's `nextCursor` must not be
  // followed, or a double click would skip a page.
  const settled = !state.loading && state.value?.requestKey === requestKey;
  const nextCursor = settled ? state.value?.page.nextCursor : undefined;
  const failed = !state.loading && state.error !== undefined;

  return {
    result: state.value?.page,
    loading: !settled && !failed,
    error: failed ? state.error : undefined,
    retry: state.retry,
    page: current.page,
    pageSize,
    setPageSize,
    hasNext: nextCursor !== undefined,
    hasPrevious: current.page > 0,
    next: () => {
      if (nextCursor !== undefined) {
        setPosition({
          key,
          page: current.page + 1,
          cursors: [...current.cursors.slice(0, current.page + 1), nextCursor],
        });
      }
    },
    previous: () => {
      if (current.page > 0) {
        setPosition({ ...current, page: current.page - 1 });
      }
    },
  };
}
