import type { ReportFormatHandler } from '@posture/backstage-plugin-security-node';
import { isTrivyReport, neverThrows } from '../detectFormat';
import { parseTrivyReport, parseTrivyReportYielding } from './parseTrivyReport';

/** Trivy JSON reports (`trivy image --format json`, SchemaVersion 2). @public */
export const trivyReportFormat: ReportFormatHandler = {
  format: 'trivy',
  detect: neverThrows(isTrivyReport),
  parse: parseTrivyReport,
  parseAsync: parseTrivyReportYielding,
};
