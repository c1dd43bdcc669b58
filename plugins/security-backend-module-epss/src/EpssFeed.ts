import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type {
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  fetchFeedBytes,
  type EpssSnapshot,
  type ExploitFeed,
  type ExploitFeedContext,
  type ExploitFeedRead,
  type FeedConfig,
} from '@posture/backstage-plugin-security-node';
import { readEpssStream } from './parse/readEpssStream';

/**
 * FIRST's daily EPSS scores (about 300k rows), read whole from a URL or a file at each
 * scheduled run. `read` throws when the file cannot be fetched or is malformed (an
 * `InputError` naming the line); the backend then keeps the last good scores, marked stale.
 * @public
 */
export class EpssFeed implements ExploitFeed<EpssSnapshot> {
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
  }: ExploitFeedContext): Promise<ExploitFeedRead<EpssSnapshot>> {
    const { source } = this.config;
    if ('url' in source) {
      // Downloaded whole (a few MB gzipped) so a dropped connection is retried like any
      // other failure, then parsed as a stream.
      const body = await fetchFeedBytes(source.url, {
        what: 'EPSS file',
        accept: 'application/gzip, text/csv;q=0.9, */*;q=0.1',
        timeoutMs: this.config.timeoutMs,
        retries: this.config.retries,
        signal,
        logger: this.options.logger,
        backoff: this.options.backoff,
      });
      return readEpssStream(Readable.from([body]));
    }
    const stream = createReadStream(source.file, { signal });
    try {
      return await readEpssStream(stream);
    } catch (error) {
      signal.throwIfAborted();
      const { code, syscall } = error as NodeJS.ErrnoException;
      if (syscall !== undefined) {
        // The file system's error (ENOENT, EACCES), not the file's content.
        throw new Error(`EPSS file ${source.file} could not be read: ${code}`);
      }
      throw error;
    } finally {
      stream.destroy();
    }
  }
}
