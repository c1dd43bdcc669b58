import { makeStyles } from '@material-ui/core/styles';
import type { Severity } from '@posture/backstage-plugin-security-common';
import { readableTextOn } from '../shared/readableTextColor';
import { SEVERITY_COLORS } from './severityColor';

/**
 * One static class per severity rather than a style computed from props: a findings page
 * renders up to a hundred chips, and prop-based styles cost a stylesheet update each.
 * The doubled class outranks MUI's hover and focus background of a clickable chip, which
 * otherwise turned a selected filter chip into white text on #CECECE (1.6:1).
 */
export const useSeverityChipStyles = makeStyles(() => {
  const filled = (severity: Severity) => ({
    '&&, &&:hover, &&:focus': {
      backgroundColor: SEVERITY_COLORS[severity],
      color: readableTextOn(SEVERITY_COLORS[severity]),
    },
  });
  return {
    critical: filled('critical'),
    high: filled('high'),
    medium: filled('medium'),
    low: filled('low'),
    unknown: filled('unknown'),
  };
});
