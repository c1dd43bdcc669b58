import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { readDurationFromConfig, type Config } from '@backstage/config';
import { invalidConfig } from '@posture/backstage-plugin-security-node';
import { Duration } from 'luxon';

type HumanDuration = ReturnType<typeof readDurationFromConfig>;

export interface SecretRequestConfig {
  /** How long a request may wait for a decision before it expires. */
  pendingTtlMs: number;
  /** How often the expiry pass runs. */
  expiryFrequency: SchedulerServiceTaskScheduleDefinition['frequency'];
  /** Told of every new request, besides the entity's owner (full refs, lower case). */
  approvers: string[];
}

const ROOT = 'security.secretRequests';
/** One part of an entity ref: no separators, no spaces. */
const REF_PART = /^[^:/\s]+$/;
const TTL_KEY = `${ROOT}.pendingTtl`;
const FREQUENCY_KEY = `${ROOT}.expiryFrequency`;
const APPROVERS_KEY = `${ROOT}.approvers`;

export const DEFAULT_PENDING_TTL: HumanDuration = { days: 7 };
export const DEFAULT_EXPIRY_FREQUENCY: HumanDuration = { minutes: 15 };

/** Read once at start-up; a bad value stops the backend with a message naming the key. */
export function readSecretRequestConfig(config: Config): SecretRequestConfig {
  return {
    pendingTtlMs: Duration.fromObject(
      readPositiveDuration(config, TTL_KEY, DEFAULT_PENDING_TTL),
    ).toMillis(),
    expiryFrequency: readPositiveDuration(
      config,
      FREQUENCY_KEY,
      DEFAULT_EXPIRY_FREQUENCY,
    ),
    approvers: readApprovers(config),
  };
}

function readPositiveDuration(
  config: Config,
  key: string,
  fallback: HumanDuration,
): HumanDuration {
  if (!config.has(key)) {
    return fallback;
  }
  let duration: HumanDuration;
  try {
    duration = readDurationFromConfig(config, { key });
  } catch (error) {
    return invalidConfig(key, (error as Error).message);
  }
  if (!(Duration.fromObject(duration).toMillis() > 0)) {
    invalidConfig(key, 'must be a duration above 0, e.g. { days: 7 } or P7D');
  }
  return duration;
}

function readApprovers(config: Config): string[] {
  let refs: string[];
  try {
    refs = config.getOptionalStringArray(APPROVERS_KEY) ?? [];
  } catch {
    return invalidConfig(
      APPROVERS_KEY,
      'must be a list of entity refs such as group:default/platform-security',
    );
  }
  return refs.map((ref, index) => {
    try {
      // A bare name is a group, the usual approver; users are written user:<name>.
      const parsed = parseEntityRef(ref.trim(), {
        defaultKind: 'group',
        defaultNamespace: 'default',
      });
      if (
        ![parsed.kind, parsed.namespace, parsed.name].every(part =>
          REF_PART.test(part),
        )
      ) {
        throw new TypeError('not one ref');
      }
      return stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
    } catch {
      return invalidConfig(
        `${APPROVERS_KEY}[${index}]`,
        `"${ref}" is not an entity ref such as group:default/platform-security`,
      );
    }
  });
}
