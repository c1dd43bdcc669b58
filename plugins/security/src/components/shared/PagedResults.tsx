import { Progress } from '@backstage/core-components';
import type { ReactNode } from 'react';
import { PostureErrorPanel } from '../PostureErrorPanel/PostureErrorPanel';
import { LoadingBar } from './LoadingBar';
import { NoMatchingRows } from './NoMatchingRows';
import { PagingFooter } from './PagingFooter';
import type { CursorPage, CursorPaging } from './useCursorPaging';

/**
 * The states every server-paged table goes through: error with retry, first load, an empty
 * page (with a way out when filters caused it), and rows with a loading bar and paging.
 */
export function PagedResults<
  T extends CursorPage & { items: unknown[] },
>(props: {
  paging: CursorPaging<T>;
  /** What failed to load, e.g. "the SBOM". */
  subject: string;
  /** Read out while a page loads, e.g. "Loading components". */
  loadingLabel: string;
  filtered: boolean;
  noMatchMessage: string;
  onReset: () => void;
  emptyMessage: string;
  children: (items: T['items']) => ReactNode;
}) {
  const { paging } = props;
  const { result } = paging;
  if (paging.error) {
    return (
      <PostureErrorPanel
        error={paging.error}
        onRetry={paging.retry}
        subject={props.subject}
      />
    );
  }
  if (!result) {
    return <Progress />;
  }
  if (result.items.length === 0 && !paging.loading) {
    return props.filtered ? (
      <NoMatchingRows message={props.noMatchMessage} onReset={props.onReset} />
    ) : (
      <NoMatchingRows message={props.emptyMessage} />
    );
  }
  return (
    <>
      <LoadingBar loading={paging.loading} label={props.loadingLabel} />
      {props.children(result.items)}
      <PagingFooter paging={paging} totalCount={result.totalCount} />
    </>
  );
}
