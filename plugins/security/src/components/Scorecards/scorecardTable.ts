import type { TableOptions } from '@backstage/core-components';

/** What the scorecards' tables share. */

/** A row as material-table wants it: with an `id`, to keep its state between renders. */
export type TableRow<T> = T & { id: string };

/** Every row at once (the API caps the list), sortable, no search box, nothing to drag. */
export const SCORECARD_TABLE_OPTIONS: TableOptions = {
  paging: false,
  search: false,
  sorting: true,
  padding: 'dense',
  draggable: false,
};

/** Copies of the items, since material-table writes its own state into the rows. */
export function tableRows<T extends object>(
  items: T[],
  idOf: (item: T) => string,
): Array<TableRow<T>> {
  return items.map(item => ({ ...item, id: idOf(item) }));
}
