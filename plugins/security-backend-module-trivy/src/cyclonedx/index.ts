export { cycloneDxReportFormat } from './cycloneDxReportFormat';
export { parseCycloneDx } from './parseCycloneDx';
