export { spdxReportFormat } from './spdxReportFormat';
export { parseSpdx } from './parseSpdx';
