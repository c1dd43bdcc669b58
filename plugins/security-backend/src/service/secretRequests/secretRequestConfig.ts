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
  /** How long one provisioning attempt may take before it is abandoned as failed. */
  provisionTimeoutMs: number;
  /**
   * An attempt claimed this long ago and still unfinished was cut short (its replica died):
   * Posture resumes it, and an approver's retry may claim it. Well past the timeout, so a live
   * attempt is never claimed twice.
   */
  resumeAfterMs: number;
  /** How often a pass looks for abandoned attempts to resume. */
  resumeFrequency: HumanDuration;
}

const ROOT = 'security.secretRequests';
/** One part of an entity ref: no separators, no spaces. */
const REF_PART = /^[^:/\s]+$/;
const TTL_KEY = `${ROOT}.pendingTtl`;
const FREQUENCY_KEY = `${ROOT}.expiryFrequency`;
const APPROVERS_KEY = `${ROOT}.approvers`;
export const PROVISION_TIMEOUT_KEY = `${ROOT}.provisionTimeout`;
export const RESUME_AFTER_KEY = `${ROOT}.resumeAfter`;
const RESUME_FREQUENCY_KEY = `${ROOT}.resumeFrequency`;

export const DEFAULT_PENDING_TTL: HumanDuration = { days: 7 };
export const DEFAULT_EXPIRY_FREQUENCY: HumanDuration = { minutes: 15 };
export const DEFAULT_PROVISION_TIMEOUT: HumanDuration = { minutes: 2 };
export const DEFAULT_RESUME_AFTER: HumanDuration = { minutes: 15 };
export const DEFAULT_RESUME_FREQUENCY: HumanDuration = { minutes: 1 };
/**
 * How much longer than the timeout an attempt must be left before it counts as abandoned: the
 * replicas' clocks and the database's may differ a little, and a timed-out attempt still
 * writes its failure.
 */
const RESUME_MARGIN_MS = 10_000;

/** Read once at start-up; a bad value stops the backend with a message naming the key. */
export function readSecretRequestConfig(config: Config): SecretRequestConfig {
  const provisionTimeoutMs = toMs(
    readPositiveDuration(
      config,
      PROVISION_TIMEOUT_KEY,
      DEFAULT_PROVISION_TIMEOUT,
    ),
  );
  const resumeAfterMs = toMs(
    readPositiveDuration(config, RESUME_AFTER_KEY, DEFAULT_RESUME_AFTER),
  );
  if (resumeAfterMs < provisionTimeoutMs + RESUME_MARGIN_MS) {
    invalidConfig(
      RESUME_AFTER_KEY,
      `must be at least ${
        RESUME_MARGIN_MS / 1000
      } seconds longer than ${PROVISION_TIMEOUT_KEY} (${
        provisionTimeoutMs / 1000
      } s), or a provisioning still running could be resumed a second time`,
    );
  }
  return {
    provisionTimeoutMs,
    resumeAfterMs,
    resumeFrequency: readPositiveDuration(
      config,
      RESUME_FREQUENCY_KEY,
      DEFAULT_RESUME_FREQUENCY,
    ),
    pendingTtlMs: toMs(
      readPositiveDuration(config, TTL_KEY, DEFAULT_PENDING_TTL),
    ),
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

function toMs(duration: HumanDuration): number {
  return Duration.fromObject(duration).toMillis();
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
