import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import type { VulnerabilitySummary } from '@posture/backstage-plugin-security-common';
import { formatEpssThreshold } from '../Exploitability/epssFormat';
import { formatCount } from '../shared/formatCount';
import { SearchField } from '../shared/SearchField';
import type { FindingFilters, FindingSort } from './findingFilters';
import { toggleSeverity } from './findingFilters';
import { SeverityFilter } from './SeverityFilter';
import { SortControls } from './SortControls';

/** "Known exploited only (3)" when the backend counts them, so the reader knows before. */
function knownExploitedLabel(count: number | undefined): string {
  return count === undefined
    ? 'Known exploited only'
    : `Known exploited only (${formatCount(count)})`;
}

/**
 * The EPSS threshold a reason of the `exploit-likelihood` check set, shown so the reader knows
 * why rows are missing; a click (or Delete) removes it.
 */
function MinEpssChip(props: { minEpss: number; onRemove: () => void }) {
  const label = `EPSS at least ${formatEpssThreshold(props.minEpss)}`;
  return (
    <Chip
      size="small"
      color="primary"
      variant="outlined"
      label={label}
      aria-label={`Remove the filter: ${label}`}
      onClick={props.onRemove}
      onDelete={props.onRemove}
    />
  );
}

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
        <FormControlLabel
          control={
            <Switch
              checked={filters.kevOnly}
              onChange={event =>
                onFiltersChange({
                  ...filters,
                  kevOnly: event.target.checked,
                })
              }
            />
          }
          label={knownExploitedLabel(summary.kev)}
        />
        {filters.minEpss !== null && (
          <MinEpssChip
            minEpss={filters.minEpss}
            onRemove={() => onFiltersChange({ ...filters, minEpss: null })}
          />
        )}
        <SortControls value={props.sort} onChange={props.onSortChange} />
      </Box>
    </Box>
  );
}
