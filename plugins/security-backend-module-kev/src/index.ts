/**
 * Posture module for CISA's Known Exploited Vulnerabilities catalog: read daily from a URL or
 * a file, validated whole, handed to the security backend's exploit feeds.
 *
 * @packageDocumentation
 */

export { securityModuleKev as default } from './module';
export { KevFeed } from './KevFeed';
export { parseKevCatalog } from './parse/parseKevCatalog';
export { readKevConfig } from './config/readKevConfig';
export type {
  FeedConfig,
  FeedSource,
} from '@posture/backstage-plugin-security-node';
