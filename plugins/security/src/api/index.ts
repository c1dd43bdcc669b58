export { securityApiRef, type SecurityApi } from './SecurityApi';
export { SecurityClient } from './SecurityClient';
export { RefreshTooSoonError } from './RefreshTooSoonError';
export type {
  CampaignQuery,
  ExemptionQuery,
  ImpactPageRequest,
  ImpactSort,
  RefreshResponse,
  ReportListResponse,
  SbomQuery,
  ScorecardQuery,
  SecretRequestQuery,
  SecretListResponse,
  SecurityReport,
  SortOrder,
  VulnerabilityQuery,
  VulnerabilitySort,
  VexView,
} from './types';
