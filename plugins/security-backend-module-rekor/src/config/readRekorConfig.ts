import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';

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

function invalid(key: string, why: string): never {
  throw new Error(`Invalid config security.rekor.${key}: ${why}`);
}

function readUrl(config: Config, key: string): string | undefined {
  const value = config.getOptionalString(key);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value.replace('{logIndex}', '0'));
  } catch {
    return invalid(key, `"${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    invalid(key, `"${value}" must be an http or https URL`);
  }
  return value.replace(/\/+$/, '');
}

function readCount(
  config: Config,
  key: string,
  fallback: number,
  min: number,
): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isFinite(value) || value < min) {
    invalid(key, `${value} must be a number of ${min} or more`);
  }
  return value;
}

/** `security.rekor`, or undefined when no `baseUrl` is set (the log is then not polled). */
export function readRekorConfig(config: Config): RekorConfig | undefined {
  const rekor = config.getOptionalConfig('security.rekor');
  const baseUrl = rekor && readUrl(rekor, 'baseUrl');
  if (!rekor || !baseUrl) {
    return undefined;
  }
  const searchUrl = readUrl(rekor, 'searchUrl') ?? PUBLIC_GOOD_SEARCH_URL;
  if (!searchUrl.includes('{logIndex}')) {
    invalid('searchUrl', 'must contain {logIndex}');
  }
  return {
    baseUrl,
    searchUrl,
    requestsPerSecond: readCount(rekor, 'requestsPerSecond', 5, 0.01),
    timeoutMs: readCount(rekor, 'timeoutMs', 10_000, 1),
    retries: Math.floor(readCount(rekor, 'retries', 3, 0)),
    maxEntriesPerDigest: Math.floor(
      readCount(rekor, 'maxEntriesPerDigest', 10, 1),
    ),
    maxDigestsPerEntity: Math.floor(
      readCount(rekor, 'maxDigestsPerEntity', 2, 1),
    ),
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
