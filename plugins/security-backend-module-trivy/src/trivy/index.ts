export { trivyReportFormat } from './trivyReportFormat';
export { parseTrivyReport } from './parseTrivyReport';
