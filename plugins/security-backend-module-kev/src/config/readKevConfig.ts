import type { Config } from '@backstage/config';
import {
  readFeedConfig,
  type FeedConfig,
} from '@posture/backstage-plugin-security-node';

/** The config section of the KEV feed. */
export const KEV_CONFIG_KEY = 'security.kev';

/**
 * `security.kev` with defaults applied, or undefined when the section is absent. Exactly one
 * of `url` and `file`; a relative `file` resolves against the backend's working directory.
 * @public
 */
export function readKevConfig(
  config: Config,
  options: { cwd?: string } = {},
): FeedConfig | undefined {
  return readFeedConfig(config, KEV_CONFIG_KEY, options);
}
