import type { ReportFormatHandler } from '@posture/backstage-plugin-security-node';
import { isCycloneDxDocument, neverThrows } from '../detectFormat';
import { parseCycloneDx, parseCycloneDxYielding } from './parseCycloneDx';

/** CycloneDX JSON BOMs 1.2 to 1.7, from Trivy or any other tool. @public */
export const cycloneDxReportFormat: ReportFormatHandler = {
  format: 'cyclonedx',
  detect: neverThrows(isCycloneDxDocument),
  parse: parseCycloneDx,
  parseAsync: parseCycloneDxYielding,
};
