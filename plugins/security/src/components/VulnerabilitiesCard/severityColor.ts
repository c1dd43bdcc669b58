import type { Severity } from '@posture/backstage-plugin-security-common';

/** Hottest first, matching the order severities are listed in. */
export const SEVERITY_COLORS: Record<Severity, string> = {
  critical: '#b71c1c',
  high: '#e65100',
  medium: '#f9a825',
  low: '#1565c0',
  unknown: '#757575',
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  unknown: 'Unknown',
};
