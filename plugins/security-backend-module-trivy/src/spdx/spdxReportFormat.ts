import type { ReportFormatHandler } from '@posture/backstage-plugin-security-node';
import { isSpdxDocument, neverThrows } from '../detectFormat';
import { parseSpdx, parseSpdxYielding } from './parseSpdx';

/** SPDX 2.2 and 2.3 JSON documents. @public */
export const spdxReportFormat: ReportFormatHandler = {
  format: 'spdx',
  detect: neverThrows(isSpdxDocument),
  parse: parseSpdx,
  parseAsync: parseSpdxYielding,
};
