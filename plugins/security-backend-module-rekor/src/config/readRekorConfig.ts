import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  invalidConfig,
  readPositiveNumber,
  readUrl,
} from '@posture/backstage-plugin-security-node';

/** `security.rekor` with defaults applied. @public */
export type RekorConfig = {
  /** The log's API address, e.g. `https://rekor.sigstore.dev`. */
  baseUrl: string;
  /** Link to an entry in the log's search UI; `{logIndex}` is replaced. */
  searchUrl: string;
  requestsPerSecond: number;
  timeoutMs: number;
  /** Retries after the first attempt, on 429, 5xx and network errors. */
  retries: number;
  /** At most this many log entries are judged per image digest (in the order the log lists them). */
  maxEntriesPerDigest: number;
  /** Image digests checked per entity: the newest reports' digests. */
  maxDigestsPerEntity: number;
  schedule: SchedulerServiceTaskScheduleDefinition;
};

export const PUBLIC_GOOD_SEARCH_URL =
  'https://search.sigstore.dev/?logIndex={logIndex}';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 1 },
  // As long as the period: at the default rate a pass over ~9,000 entities fits.
  timeout: { hours: 1 },
};

const KEY = 'security.rekor';

/** `security.rekor`, or undefined when no `baseUrl` is set (the log is then not polled). */
export function readRekorConfig(config: Config): RekorConfig | undefined {
  const rekor = config.getOptionalConfig(KEY);
  const baseUrl = readUrl(config, `${KEY}.baseUrl`);
  if (!rekor || !baseUrl) {
    return undefined;
  }
  const searchUrl =
    readUrl(config, `${KEY}.searchUrl`, { template: true }) ??
    PUBLIC_GOOD_SEARCH_URL;
  if (!searchUrl.includes('{logIndex}')) {
    invalidConfig(`${KEY}.searchUrl`, 'must contain {logIndex}');
  }
  // Fractions of a count are dropped, as they always were.
  const count = (key: string, fallback: number, min: number) =>
    Math.floor(readPositiveNumber(config, `${KEY}.${key}`, fallback, { min }));
  return {
    baseUrl,
    searchUrl,
    requestsPerSecond: readPositiveNumber(
      config,
      `${KEY}.requestsPerSecond`,
      5,
      { min: 0.01 },
    ),
    timeoutMs: readPositiveNumber(config, `${KEY}.timeoutMs`, 10_000, {
      min: 1,
    }),
    retries: count('retries', 3, 0),
    maxEntriesPerDigest: count('maxEntriesPerDigest', 10, 1),
    maxDigestsPerEntity: count('maxDigestsPerEntity', 2, 1),
    schedule: rekor.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          rekor.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE,
  };
}

/** The search UI link for a log index. */
export function logUrlFor(
  searchUrl: string,
  logIndex: number | null,
): string | null {
  return logIndex === null
    ? null
    : searchUrl.replace('{logIndex}', String(logIndex));
}
