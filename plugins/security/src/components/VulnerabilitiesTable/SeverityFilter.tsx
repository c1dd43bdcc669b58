import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import {
  SEVERITIES,
  type Severity,
  type SeverityCounts,
} from '@posture/backstage-plugin-security-common';
import { formatCount } from '../shared/formatCount';
import { SEVERITY_LABELS } from '../VulnerabilitiesCard/severityColor';
import { useSeverityChipStyles } from '../VulnerabilitiesCard/severityChipStyles';

/**
 * One toggle chip per severity with its count, so the reader sees what a click will leave
 * before clicking. Selected chips take the severity colour.
 */
export function SeverityFilter(props: {
  selected: Severity[];
  counts: SeverityCounts;
  onToggle: (severity: Severity) => void;
}) {
  const classes = useSeverityChipStyles();
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      gridGap={8}
      role="group"
      aria-label="Severity"
    >
      {SEVERITIES.map(severity => {
        const selected = props.selected.includes(severity);
        return (
          <Chip
            key={severity}
            size="small"
            clickable
            variant={selected ? 'default' : 'outlined'}
            className={selected ? classes[severity] : undefined}
            label={`${SEVERITY_LABELS[severity]} (${formatCount(
              props.counts[severity],
            )})`}
            aria-pressed={selected}
            onClick={() => props.onToggle(severity)}
          />
        );
      })}
    </Box>
  );
}
