/**
 * VEX formats for Posture: OpenVEX and CycloneDX VEX documents pushed from CI.
 *
 * @packageDocumentation
 */
export { securityModuleVex as default } from './module';
export { openVexFormat, parseOpenVex } from './openvex';
export { cycloneDxVexFormat, parseCycloneDxVex } from './cyclonedx';
export { isOpenVexDocument, isCycloneDxVexDocument } from './detect';
