import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import type { VulnerabilitySummary } from '@posture/backstage-plugin-security-common';
import { SearchField } from '../shared/SearchField';
import type { FindingFilters, FindingSort } from './findingFilters';
import { toggleSeverity } from './findingFilters';
import { SeverityFilter } from './SeverityFilter';
import { SortControls } from './SortControls';

/** Everything above the findings table that changes which findings it asks for. */
export function FindingFilterBar(props: {
  summary: VulnerabilitySummary;
  filters: FindingFilters;
  onFiltersChange: (filters: FindingFilters) => void;
  sort: FindingSort;
  onSortChange: (sort: FindingSort) => void;
}) {
  const { summary, filters, onFiltersChange } = props;
  return (
    <Box display="flex" flexDirection="column" gridGap={12} mb={1}>
      <SeverityFilter
        selected={filters.severity}
        // With "only fixable" on, the counts say what each chip would actually show.
        counts={filters.fixableOnly ? summary.fixable : summary}
        onToggle={severity =>
          onFiltersChange({
            ...filters,
            severity: toggleSeverity(filters.severity, severity),
          })
        }
      />
      <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={16}>
        <SearchField
          label="Search findings"
          value={filters.text}
          onChange={text => onFiltersChange({ ...filters, text })}
        />
        <FormControlLabel
          control={
            <Switch
              checked={filters.fixableOnly}
              onChange={event =>
                onFiltersChange({
                  ...filters,
                  fixableOnly: event.target.checked,
                })
              }
            />
          }
          label="Only fixable"
        />
        <SortControls value={props.sort} onChange={props.onSortChange} />
      </Box>
    </Box>
  );
}
