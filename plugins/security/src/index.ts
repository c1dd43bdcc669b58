/**
 * Posture Security tab: vulnerabilities, SBOM, image signatures and secret age on every
 * catalog entity.
 *
 * @packageDocumentation
 */
export {
  securityPlugin,
  EntitySecurityContent,
  isSecurityAvailable,
  SecurityScorecardsPage,
  SecuritySecretRequestsPage,
} from './plugin';
export {
  requestSecretRouteRef,
  scorecardsRouteRef,
  secretRequestsRouteRef,
  securityPagesRouteRef,
} from './routes';
export {
  securityApiRef,
  SecurityClient,
  RefreshTooSoonError,
  type RefreshResponse,
  type ReportListResponse,
  type SbomQuery,
  type ScorecardQuery,
  type SecretRequestQuery,
  type SecretListResponse,
  type SecurityApi,
  type SecurityReport,
  type SortOrder,
  type VulnerabilityQuery,
  type VulnerabilitySort,
  type VexView,
} from './api';
export type {
  EntityPosture,
  EpssMark,
  ExploitFeedListResponse,
  ExploitFeedStatus,
  Grade,
  KevMark,
  HistoryListResponse,
  LicenseFacet,
  ListResponse,
  PostureReason,
  ReportFormat,
  SbomComponentItem,
  SbomListResponse,
  SbomSummary,
  ScorecardPage,
  SecretItem,
  SecretKind,
  SecretStatus,
  SecretsSummary,
  Severity,
  SeverityCounts,
  SignatureItem,
  SignatureListResponse,
  SignatureSource,
  SignatureStatus,
  SignatureSummary,
  SignerIdentity,
  VexMark,
  VexStatus,
  VulnerabilityItem,
  VulnerabilityListResponse,
  VulnerabilitySummary,
} from '@posture/backstage-plugin-security-common';
