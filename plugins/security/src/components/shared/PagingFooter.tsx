import IconButton from '@material-ui/core/IconButton';
import TablePagination from '@material-ui/core/TablePagination';
import FirstPageIcon from '@material-ui/icons/FirstPage';
import KeyboardArrowLeft from '@material-ui/icons/KeyboardArrowLeft';
import KeyboardArrowRight from '@material-ui/icons/KeyboardArrowRight';
import LastPageIcon from '@material-ui/icons/LastPage';
import { createContext, useContext } from 'react';
import { formatCount } from './formatCount';
import {
  PAGE_SIZES,
  type CursorPage,
  type CursorPaging,
} from './useCursorPaging';

export { PAGE_SIZES };

// The actions read the paging from context: TablePagination takes a component type, and a
// type made per render would remount the buttons and drop keyboard focus on every click.
const PagingContext = createContext<CursorPaging<CursorPage> | undefined>(
  undefined,
);

const ACTIONS = [
  {
    label: 'First page',
    Icon: FirstPageIcon,
    enabled: 'hasPrevious',
    go: 'first',
  },
  {
    label: 'Previous page',
    Icon: KeyboardArrowLeft,
    enabled: 'hasPrevious',
    go: 'previous',
  },
  {
    label: 'Next page',
    Icon: KeyboardArrowRight,
    enabled: 'hasNext',
    go: 'next',
  },
  { label: 'Last page', Icon: LastPageIcon, enabled: 'hasLast', go: 'last' },
] as const;

function PagingActions() {
  const paging = useContext(PagingContext)!;
  return (
    <div style={{ flexShrink: 0, display: 'flex' }}>
      {ACTIONS.map(({ label, Icon, enabled, go }) => (
        <IconButton
          key={label}
          aria-label={label}
          disabled={!paging[enabled]}
          onClick={paging[go]}
        >
          <Icon />
        </IconButton>
      ))}
    </div>
  );
}

/**
 * First, previous, next and last page, and the page size. Each button is offered only when
 * the backend handed out a cursor for it.
 */
export function PagingFooter<T extends CursorPage>(props: {
  paging: CursorPaging<T>;
  totalCount: number;
}) {
  const { paging, totalCount } = props;
  return (
    <PagingContext.Provider value={paging as CursorPaging<CursorPage>}>
      <TablePagination
        component="div"
        count={totalCount}
        page={paging.page}
        rowsPerPage={paging.pageSize}
        rowsPerPageOptions={PAGE_SIZES}
        onPageChange={() => {}}
        onRowsPerPageChange={event =>
          paging.setPageSize(Number(event.target.value))
        }
        labelDisplayedRows={({ from, to, count }) =>
          `${formatCount(from)}–${formatCount(to)} of ${formatCount(count)}`
        }
        ActionsComponent={PagingActions}
        SelectProps={{
          native: true,
          inputProps: { 'aria-label': 'Rows per page' },
        }}
      />
    </PagingContext.Provider>
  );
}
