import type { Config } from '@backstage/config';
import {
  parsePolicySet,
  PolicyConfigError,
  type PolicySet,
} from '@posture/backstage-plugin-security-common';

/** Where the grading policies live in app-config. */
export const POLICY_CONFIG_KEY = 'security.policy';

/**
 * Reads the grading policies once at start-up (absent: security-common's DEFAULT_POLICY_SET).
 * A bad value stops the backend with a message naming each bad key in full, e.g.
 * `Invalid config security.policy.policies.strict.checks.scan-age.maxAgeDays: must be a
 * positive number`, rather than grading the fleet with a policy nobody meant.
 */
export function readPolicyConfig(config: Config): PolicySet {
  try {
    return parsePolicySet(config.getOptional(POLICY_CONFIG_KEY));
  } catch (error) {
    if (error instanceof PolicyConfigError) {
      throw new Error(`Invalid config ${error.message}`, { cause: error });
    }
    throw error;
  }
}
