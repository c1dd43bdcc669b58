import type { Config } from '@backstage/config';
import {
  readFeedConfig,
  type FeedConfig,
} from '@posture/backstage-plugin-security-node';

/** The config section of the EPSS feed. */
export const EPSS_CONFIG_KEY = 'security.epss';

/**
 * `security.epss` with defaults applied, or undefined when the section is absent. Exactly
 * one of `url` and `file`; a relative `file` resolves against the backend's working
 * directory.
 * @public
 */
export function readEpssConfig(
  config: Config,
  options: { cwd?: string } = {},
): FeedConfig | undefined {
  return readFeedConfig(config, EPSS_CONFIG_KEY, options);
}
