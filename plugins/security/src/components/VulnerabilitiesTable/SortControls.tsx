import TextField from '@material-ui/core/TextField';
import { useUniqueId } from '../shared/useUniqueId';
import type { SortOrder, VulnerabilitySort } from '../../api/types';
import { defaultOrder, type FindingSort } from './findingFilters';

/** In the order offered; the first is the default. */
const SORT_LABELS: Record<VulnerabilitySort, string> = {
  risk: 'Risk (exploited first)',
  severity: 'Severity',
  cvss: 'CVSS',
  package: 'Package',
  published: 'Published',
};

const ORDER_LABELS: Record<SortOrder, string> = {
  desc: 'Descending',
  asc: 'Ascending',
};

/** Native selects: keyboard- and screen-reader-friendly, and cheap with many rows on screen. */
export function SortControls(props: {
  value: FindingSort;
  onChange: (sort: FindingSort) => void;
}) {
  const { value, onChange } = props;
  // Ids tie each floating label to its select, which gives the select its accessible name.
  const id = useUniqueId('security-findings');
  return (
    <>
      <TextField
        id={`${id}-sort`}
        select
        size="small"
        variant="outlined"
        label="Sort by"
        value={value.sort}
        SelectProps={{ native: true }}
        onChange={event => {
          const sort = event.target.value as VulnerabilitySort;
          onChange({ sort, order: defaultOrder(sort) });
        }}
      >
        {Object.entries(SORT_LABELS).map(([sort, label]) => (
          <option key={sort} value={sort}>
            {label}
          </option>
        ))}
      </TextField>
      <TextField
        id={`${id}-order`}
        select
        size="small"
        variant="outlined"
        label="Order"
        value={value.order}
        SelectProps={{ native: true }}
        onChange={event =>
          onChange({ ...value, order: event.target.value as SortOrder })
        }
      >
        {Object.entries(ORDER_LABELS).map(([order, label]) => (
          <option key={order} value={order}>
            {label}
          </option>
        ))}
      </TextField>
    </>
  );
}
