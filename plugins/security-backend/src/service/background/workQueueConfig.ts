import { readDurationFromConfig, type Config } from '@backstage/config';
import { invalidConfig } from '@posture/backstage-plugin-security-node';
import { Duration } from 'luxon';

type HumanDuration = ReturnType<typeof readDurationFromConfig>;

export const SWEEP_FREQUENCY_KEY = 'security.workQueue.sweepFrequency';
export const LEASE_KEY = 'security.workQueue.lease';

/** A replica's sweep looks for work nobody runs (queued by a replica that died) this often. */
export const DEFAULT_SWEEP_FREQUENCY: HumanDuration = { seconds: 10 };
/** A running item is renewed every third of this; a dead replica's item is free after it. */
export const DEFAULT_LEASE: HumanDuration = { seconds: 60 };
/** Below this a busy event loop could miss renewals and two replicas run one item. */
const MIN_LEASE_MS = 3_000;

export interface WorkQueueConfig {
  sweepFrequency: HumanDuration;
  leaseMs: number;
}

/** Read once at start-up; a bad value stops the backend with a message naming the key. */
export function readWorkQueueConfig(config: Config): WorkQueueConfig {
  const sweepFrequency = readDuration(
    config,
    SWEEP_FREQUENCY_KEY,
    DEFAULT_SWEEP_FREQUENCY,
  );
  if (!(toMs(sweepFrequency) > 0)) {
    invalidConfig(SWEEP_FREQUENCY_KEY, 'must be a duration above 0');
  }
  const leaseMs = toMs(readDuration(config, LEASE_KEY, DEFAULT_LEASE));
  if (!(leaseMs >= MIN_LEASE_MS)) {
    invalidConfig(
      LEASE_KEY,
      `must be at least ${MIN_LEASE_MS / 1000} seconds, e.g. { seconds: 60 }`,
    );
  }
  return { sweepFrequency, leaseMs };
}

function readDuration(
  config: Config,
  key: string,
  fallback: HumanDuration,
): HumanDuration {
  if (!config.has(key)) return fallback;
  try {
    return readDurationFromConfig(config, { key });
  } catch (error) {
    return invalidConfig(key, (error as Error).message);
  }
}

function toMs(duration: HumanDuration): number {
  return Duration.fromObject(duration).toMillis();
}
