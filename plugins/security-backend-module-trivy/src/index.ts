/**
 * Report formats for Posture: Trivy JSON reports, CycloneDX and SPDX SBOMs pushed from CI.
 *
 * @packageDocumentation
 */
export { securityModuleTrivy as default } from './module';
export { trivyReportFormat, parseTrivyReport } from './trivy';
export { cycloneDxReportFormat, parseCycloneDx } from './cyclonedx';
export { spdxReportFormat, parseSpdx } from './spdx';
export {
  detectFormat,
  isCycloneDxDocument,
  isSpdxDocument,
  isTrivyReport,
} from './detectFormat';
