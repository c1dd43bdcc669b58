import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/**
 * What every paged list route answers, besides its items. `offset` and the previous and
 * last cursors come from backends that place the page in the whole list.
 */
export type CursorPage = {
  totalCount: number;
  nextCursor?: string;
  offset?: number;
  previousCursor?: string;
  lastCursor?: string;
};

export type PageRequest = { limit: number; cursor?: string };

export const PAGE_SIZES = [25, 50, 100];

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
  hasLast: boolean;
  first: () => void;
  next: () => void;
  previous: () => void;
  last: () => void;
};

/** How a visited page was reached, for backends that hand out next cursors only. */
type Trail = Record<string, { previous?: string; page: number }>;

/** The URL parameters that hold a table's page, e.g. `cursor` and `size`. */
export function pagingParams(prefix: string) {
  return { cursor: `${prefix}cursor`, size: `${prefix}size` };
}

/**
 * Server-side paging over opaque cursors, with the page in the URL (`cursor`, `size`, under
 * `paramPrefix`) so a page can be shared and the back button returns to the page before.
 * Changing the query is the caller's business: it drops the cursor param with the filter.
 */
export function useCursorPaging<T extends CursorPage>(options: {
  /** Everything the pages depend on besides paging. */
  queryKey: string;
  initialPageSize: number;
  load: (request: PageRequest) => Promise<T>;
  paramPrefix?: string;
}): CursorPaging<T> {
  const [searchParams, setSearchParams] = useSearchParams();
  const names = pagingParams(options.paramPrefix ?? '');
  const cursor = searchParams.get(names.cursor) ?? undefined;
  const sizeParam = Number(searchParams.get(names.size));
  const pageSize = PAGE_SIZES.includes(sizeParam)
    ? sizeParam
    : options.initialPageSize;
  const [trail, setTrail] = useState<Trail>({});
  const requestKey = JSON.stringify([options.queryKey, pageSize, cursor]);

  const state = useAsyncRetry(async () => {
    const request: PageRequest = { limit: pageSize };
    if (cursor !== undefined) {
      request.cursor = cursor;
    }
    return { requestKey, page: await options.load(request) };
  }, [requestKey]);

  // Until the answer to this very request is in, a stale page's cursors must not be
  // followed, or a double click would skip a page.
  const settled = !state.loading && state.value?.requestKey === requestKey;
  const page = settled ? state.value?.page : undefined;
  const failed = !state.loading && state.error !== undefined;
  const visited = cursor === undefined ? undefined : trail[cursor];
  const placed = page?.offset !== undefined;

  const goTo = (target: string | undefined) =>
    setSearchParams(params => {
      const next = new URLSearchParams(params);
      if (target === undefined) {
        next.delete(names.cursor);
      } else {
        next.set(names.cursor, target);
      }
      return next;
    });
  const pageIndex =
    placed && page?.offset !== undefined
      ? Math.floor(page.offset / pageSize)
      : visited?.page ?? 0;
  // The first page has no cursor in the URL, however the backend would spell one.
  let previousCursor = visited?.previous;
  if (placed && page?.offset !== undefined) {
    previousCursor = page.offset > pageSize ? page.previousCursor : undefined;
  }

  return {
    result: state.value?.page,
    loading: !settled && !failed,
    error: failed ? state.error : undefined,
    retry: state.retry,
    page: pageIndex,
    pageSize,
    setPageSize: size =>
      setSearchParams(params => {
        const next = new URLSearchParams(params);
        next.delete(names.cursor);
        next.set(names.size, String(size));
        return next;
      }),
    hasNext: page?.nextCursor !== undefined,
    hasPrevious: cursor !== undefined,
    hasLast: page?.lastCursor !== undefined,
    first: () => goTo(undefined),
    next: () => {
      const nextCursor = page?.nextCursor;
      if (nextCursor !== undefined) {
        setTrail(known => ({
          ...known,
          [nextCursor]: { previous: cursor, page: pageIndex + 1 },
        }));
        goTo(nextCursor);
      }
    },
    previous: () => {
      if (cursor !== undefined && (placed || visited)) {
        goTo(previousCursor);
      } else if (cursor !== undefined) {
        // Linked to a page of a backend that cannot say which page precedes it.
        goTo(undefined);
      }
    },
    last: () => {
      if (page?.lastCursor !== undefined) {
        goTo(page.lastCursor);
      }
    },
  };
}
