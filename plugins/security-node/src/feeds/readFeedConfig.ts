import fs from 'node:fs';
import path from 'node:path';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  ConfigReader,
  readDurationFromConfig,
  type Config,
  type JsonObject,
} from '@backstage/config';
import { invalidConfig, readPositiveNumber, readUrl } from '../config';

/**
 * Where a feed is read from: a URL, or a file for air-gapped installs and the demo.
 * @public
 */
export type FeedSource = { url: string } | { file: string };

/**
 * One feed's section (`security.kev`, `security.epss`) with defaults applied.
 * @public
 */
export interface FeedConfig {
  source: FeedSource;
  /** For the feed's status and messages: the URL without credentials, or the absolute path. */
  location: string;
  /** Per HTTP attempt, body included. */
  timeoutMs: number;
  /** Further HTTP attempts after 429, 5xx, timeouts and network errors. */
  retries: number;
  schedule: SchedulerServiceTaskScheduleDefinition;
}

/**
 * Daily, as both feeds are published. The initial delay lets the backend finish starting
 * before the first load. A run is one download and one bulk write, then the recount of every
 * scanned entity's findings: about 6 ms an entity, 10 minutes at 100,000 entities
 * (docs/scaling.md), so 30 minutes leaves room for a busy database. A recount cut off by the
 * timeout goes on at the next run.
 */
const DEFAULT_FEED_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 24 },
  timeout: { minutes: 30 },
  initialDelay: { seconds: 15 },
};

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 3;

/**
 * Reads a feed's section once at start-up: exactly one of `url` and `file`, a timeout, a
 * retry count and a schedule. Undefined when the section is absent (the feed is then off);
 * any bad value stops start-up naming the key. A relative `file` resolves against `cwd`, the
 * backend's working directory, and must exist now, so a wrong path fails at start-up rather
 * than in every daily run.
 * @public
 */
export function readFeedConfig(
  config: Config,
  key: string,
  { cwd = process.cwd() }: { cwd?: string } = {},
): FeedConfig | undefined {
  const section = config.getOptionalConfig(key);
  if (!section) return undefined;
  const url = readUrl(config, `${key}.url`);
  const file = config.getOptionalString(`${key}.file`);
  if (url !== undefined && file !== undefined) {
    invalidConfig(key, `set ${key}.url or ${key}.file, not both`);
  }
  if (url === undefined && file === undefined) {
    invalidConfig(
      key,
      `set ${key}.url (the feed's https address) or ${key}.file (a local copy)`,
    );
  }
  const common = {
    timeoutMs: readPositiveNumber(
      config,
      `${key}.timeoutMs`,
      DEFAULT_TIMEOUT_MS,
      { min: 1 },
    ),
    retries: readPositiveNumber(config, `${key}.retries`, DEFAULT_RETRIES, {
      min: 0,
      integer: true,
    }),
    schedule: readSchedule(section, key),
  };
  if (url !== undefined) {
    return { source: { url }, location: withoutCredentials(url), ...common };
  }
  const resolved = readFilePath(file!, `${key}.file`, cwd);
  return { source: { file: resolved }, location: resolved, ...common };
}

function readFilePath(file: string, key: string, cwd: string): string {
  if (file.trim() === '') invalidConfig(key, 'must be a file path');
  const resolved = path.resolve(cwd, file);
  try {
    fs.accessSync(resolved, fs.constants.R_OK);
    if (!fs.statSync(resolved).isFile()) throw new Error('not a file');
  } catch (error) {
    invalidConfig(
      key,
      `cannot read ${resolved} (${
        (error as NodeJS.ErrnoException).code ?? (error as Error).message
      }); a relative path resolves against the backend's working directory, ${cwd}`,
    );
  }
  return resolved;
}

function readSchedule(
  section: Config,
  key: string,
): SchedulerServiceTaskScheduleDefinition {
  if (!section.has('schedule')) return DEFAULT_FEED_SCHEDULE;
  try {
    const schedule = section.getConfig('schedule');
    if (schedule.has('frequency')) {
      // A full schedule without a timeout still gets the default one.
      return readSchedulerServiceTaskScheduleDefinitionFromConfig(
        new ConfigReader({
          timeout: DEFAULT_FEED_SCHEDULE.timeout as JsonObject,
          ...schedule.get<JsonObject>(),
        }),
      );
    }
    // The shorthand `schedule: { hours: 12 }` is just the frequency.
    return {
      ...DEFAULT_FEED_SCHEDULE,
      frequency: readDurationFromConfig(section, { key: 'schedule' }),
    };
  } catch (error) {
    return invalidConfig(`${key}.schedule`, (error as Error).message);
  }
}

/**
 * The URL without a user name or password, which must not reach logs or the feed status.
 * @public
 */
export function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) return url;
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}
