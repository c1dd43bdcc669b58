import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import {
  checkLabel,
  POLICY_CHECKS,
  type PolicyCheckId,
} from '@posture/backstage-plugin-security-common';
import { useUniqueId } from '../shared/useUniqueId';
import { bucketLabel, GRADE_BUCKETS, type GradeBucket } from '../TrendChart';
import {
  hasFilters,
  NO_FILTERS,
  type ScorecardFilters as Filters,
} from './scorecardParams';

type TextKey = 'kind' | 'lifecycle' | 'tag';

const TEXT_FILTERS: Array<{ key: TextKey; label: string; example: string }> = [
  { key: 'kind', label: 'Kind', example: 'e.g. Component' },
  { key: 'lifecycle', label: 'Lifecycle', example: 'e.g. production' },
  { key: 'tag', label: 'Tag', example: 'e.g. pci' },
];

/**
 * What narrows every number on the page. Selects are native: keyboard- and
 * screen-reader-friendly. `typing` tells the caller a text box changed, so it can replace
 * the history entry rather than add one per key.
 */
export function ScorecardFilters(props: {
  value: Filters;
  onChange: (filters: Filters, typing: boolean) => void;
}) {
  const { value, onChange } = props;
  const id = useUniqueId('scorecard-filter');
  return (
    <Box
      component="form"
      role="search"
      aria-label="Filter the scorecards"
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      gridGap={12}
      onSubmit={event => event.preventDefault()}
    >
      {TEXT_FILTERS.map(filter => (
        <TextField
          key={filter.key}
          id={`${id}-${filter.key}`}
          size="small"
          variant="outlined"
          label={filter.label}
          placeholder={filter.example}
          value={value[filter.key]}
          onChange={event =>
            onChange({ ...value, [filter.key]: event.target.value }, true)
          }
        />
      ))}
      <TextField
        id={`${id}-grade`}
        select
        size="small"
        variant="outlined"
        label="Grade"
        value={value.grade}
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        onChange={event =>
          onChange(
            { ...value, grade: event.target.value as GradeBucket },
            false,
          )
        }
      >
        <option value="">Any grade</option>
        {GRADE_BUCKETS.map(bucket => (
          <option key={bucket} value={bucket}>
            {bucket === 'none' ? bucketLabel(bucket) : `Grade ${bucket}`}
          </option>
        ))}
      </TextField>
      <TextField
        id={`${id}-check`}
        select
        size="small"
        variant="outlined"
        label="Failing check"
        value={value.check}
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        onChange={event =>
          onChange(
            { ...value, check: event.target.value as PolicyCheckId },
            false,
          )
        }
      >
        <option value="">Any</option>
        {POLICY_CHECKS.map(check => (
          <option key={check} value={check}>
            {checkLabel(check)}
          </option>
        ))}
      </TextField>
      {hasFilters(value) && (
        <Button variant="text" onClick={() => onChange(NO_FILTERS, false)}>
          Clear filters
        </Button>
      )}
    </Box>
  );
}
