export { securityApiRef, type SecurityApi } from './SecurityApi';
export { SecurityClient } from './SecurityClient';
export type {
  ReportListResponse,
  SbomQuery,
  SecurityReport,
  SortOrder,
  VulnerabilityQuery,
  VulnerabilitySort,
} from './types';
