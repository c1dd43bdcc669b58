import { makeStyles } from '@material-ui/core/styles';
import type { Severity } from '@posture/backstage-plugin-security-common';
import { SEVERITY_COLORS } from './severityColor';

/**
 * One static class per severity rather than a style computed from props: a findings page
 * renders up to a hundred chips, and prop-based styles cost a stylesheet update each.
 */
export const useSeverityChipStyles = makeStyles(theme => {
  const filled = (severity: Severity) => ({
    backgroundColor: SEVERITY_COLORS[severity],
    color: theme.palette.getContrastText(SEVERITY_COLORS[severity]),
  });
  return {
    critical: filled('critical'),
    high: filled('high'),
    medium: filled('medium'),
    low: filled('low'),
    unknown: filled('unknown'),
  };
});
