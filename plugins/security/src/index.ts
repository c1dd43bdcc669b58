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
} from './plugin';
export { securityApiRef, SecurityClient, type SecurityApi } from './api';
export type {
  EntityPosture,
  Grade,
  PostureReason,
  SbomSummary,
  SecretsSummary,
  Severity,
  SeverityCounts,
  SignatureStatus,
  SignatureSummary,
  VulnerabilitySummary,
} from '@posture/backstage-plugin-security-common';
