import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type {
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  fetchFeedBytes,
  type ExploitFeed,
  type ExploitFeedContext,
  type ExploitFeedRead,
  type FeedConfig,
  type KevCatalog,
} from '@posture/backstage-plugin-security-node';
import { parseKevCatalog } from './parse/parseKevCatalog';

/**
 * CISA's Known Exploited Vulnerabilities catalog, read whole from a URL or a file at each
 * scheduled run. `read` throws when the catalog cannot be fetched or is malformed (an
 * `InputError` naming the JSON path); the backend then keeps the last good catalog, marked
 * stale.
 * @public
 */
export class KevFeed implements ExploitFeed<KevCatalog> {
  readonly location: string;
  readonly schedule: SchedulerServiceTaskScheduleDefinition;

  constructor(
    private readonly config: FeedConfig,
    private readonly options: {
      logger?: LoggerService;
      /** Retry waits: the first between half and all of `baseMs`, doubling up to `maxMs`. */
      backoff?: { baseMs: number; maxMs: number };
    } = {},
  ) {
    this.location = config.location;
    this.schedule = config.schedule;
  }

  async read({
    signal,
  }: ExploitFeedContext): Promise<ExploitFeedRead<KevCatalog>> {
    const bytes = await this.readBytes(signal);
    return {
      sha256: createHash('sha256').update(bytes).digest('hex'),
      data: parseKevCatalog(bytes),
    };
  }

  private async readBytes(signal: AbortSignal): Promise<Buffer> {
    const { source } = this.config;
    if ('url' in source) {
      return fetchFeedBytes(source.url, {
        what: 'KEV catalog',
        accept: 'application/json',
        timeoutMs: this.config.timeoutMs,
        retries: this.config.retries,
        signal,
        logger: this.options.logger,
        backoff: this.options.backoff,
      });
    }
    try {
      return await readFile(source.file, { signal });
    } catch (error) {
      signal.throwIfAborted();
      throw new Error(
        `KEV catalog file ${source.file} could not be read: ${
          (error as NodeJS.ErrnoException).code ?? (error as Error).message
        }`,
      );
    }
  }
}
