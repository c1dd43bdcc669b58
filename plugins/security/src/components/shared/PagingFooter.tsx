import TablePagination from '@material-ui/core/TablePagination';
import type { CursorPage, CursorPaging } from './useCursorPaging';
import { formatCount } from './formatCount';

export const PAGE_SIZES = [25, 50, 100];

/**
 * Previous / next and the page size. Next is only offered when the backend handed out a
 * cursor for it; there are no first / last buttons because cursors cannot jump.
 */
export function PagingFooter<T extends CursorPage>(props: {
  paging: CursorPaging<T>;
  totalCount: number;
}) {
  const { paging, totalCount } = props;
  return (
    <TablePagination
      component="div"
      count={totalCount}
      page={paging.page}
      rowsPerPage={paging.pageSize}
      rowsPerPageOptions={PAGE_SIZES}
      onPageChange={(_event, page) =>
        page > paging.page ? paging.next() : paging.previous()
      }
      onRowsPerPageChange={event =>
        paging.setPageSize(Number(event.target.value))
      }
      labelDisplayedRows={({ from, to, count }) =>
        `${formatCount(from)}–${formatCount(to)} of ${formatCount(count)}`
      }
      backIconButtonProps={{ disabled: !paging.hasPrevious }}
      nextIconButtonProps={{ disabled: !paging.hasNext }}
      SelectProps={{
        native: true,
        inputProps: { 'aria-label': 'Rows per page' },
      }}
    />
  );
}
