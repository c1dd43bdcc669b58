export { cycloneDxVexFormat } from './cycloneDxVexFormat';
export { parseCycloneDxVex } from './parseCycloneDxVex';
