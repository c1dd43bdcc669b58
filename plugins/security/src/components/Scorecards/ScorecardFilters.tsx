import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import {
  checkLabel,
  POLICY_CHECKS,
  type PolicyCheckId,
} from '@posture/backstage-plugin-security-common';
import { NativeSelectField } from '../shared/NativeSelectField';
import { useUniqueId } from '../shared/useUniqueId';
import { bucketHeading, GRADE_BUCKETS, type GradeBucket } from '../TrendChart';
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
      <NativeSelectField<GradeBucket | ''>
        id={`${id}-grade`}
        label="Grade"
        value={value.grade}
        options={[
          ['', 'Any grade'],
          ...GRADE_BUCKETS.map(
            bucket => [bucket, bucketHeading(bucket)] as const,
          ),
        ]}
        onChange={grade => onChange({ ...value, grade }, false)}
      />
      <NativeSelectField<PolicyCheckId | ''>
        id={`${id}-check`}
        label="Failing check"
        value={value.check}
        options={[
          ['', 'Any'],
          ...POLICY_CHECKS.map(check => [check, checkLabel(check)] as const),
        ]}
        onChange={check => onChange({ ...value, check }, false)}
      />
      {hasFilters(value) && (
        <Button variant="text" onClick={() => onChange(NO_FILTERS, false)}>
          Clear filters
        </Button>
      )}
    </Box>
  );
}
