/**
 * Posture module for FIRST's Exploit Prediction Scoring System (EPSS): the daily scores file
 * read from a URL or a file, checked line by line, handed to the security backend's exploit
 * feeds.
 *
 * @packageDocumentation
 */

export { securityModuleEpss as default } from './module';
export { EpssFeed } from './EpssFeed';
export { EpssParser } from './parse/EpssParser';
export { readEpssStream } from './parse/readEpssStream';
export { readEpssConfig } from './config/readEpssConfig';
export type {
  FeedConfig,
  FeedSource,
} from '@posture/backstage-plugin-security-node';
