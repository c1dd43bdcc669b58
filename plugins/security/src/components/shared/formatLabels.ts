import type { ReportFormat } from '@posture/backstage-plugin-security-common';

/** Report formats as their projects spell them. */
export const FORMAT_LABELS: Record<ReportFormat, string> = {
  trivy: 'Trivy',
  cyclonedx: 'CycloneDX',
  spdx: 'SPDX',
  'sigstore-bundle': 'Sigstore bundle',
};
