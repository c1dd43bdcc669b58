import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  backoffDelayMs,
  parseRetryAfter,
  RateLimiter,
  systemClock,
  type Clock,
} from '@posture/backstage-plugin-security-node';
import type { RekorConfig } from '../config/readRekorConfig';

/** The log could not answer (after retries), or answered something unusable. @public */
export class RekorError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'RekorError';
  }
}

const UUID = /^([0-9a-f]{64}|[0-9a-f]{80})$/i;
const retryable = (status: number) => status === 429 || status >= 500;

/**
 * The two Rekor v1 reads Posture needs, rate-limited (one request at a time per
 * `requestsPerSecond`, shared by every entity) and retried with jittered backoff on 429,
 * 5xx and network errors, honouring Retry-After.
 * @public
 */
export class RekorClient {
  private readonly limiter: RateLimiter;
  private readonly clock: Clock;

  constructor(
    private readonly config: Pick<
      RekorConfig,
      'baseUrl' | 'requestsPerSecond' | 'timeoutMs' | 'retries'
    >,
    private readonly options: {
      logger?: LoggerService;
      clock?: Clock;
      random?: () => number;
      backoff?: { baseMs: number; maxMs: number };
    } = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.limiter = new RateLimiter(config.requestsPerSecond, this.clock);
  }

  /** UUIDs of the entries indexed under a hash (`POST /api/v1/index/retrieve`). */
  async searchByHash(hash: string, signal?: AbortSignal): Promise<string[]> {
    const body = await this.request(
      '/api/v1/index/retrieve',
      { method: 'POST', body: JSON.stringify({ hash }) },
      signal,
    );
    if (!Array.isArray(body) || body.some(u => typeof u !== 'string')) {
      throw new RekorError('index/retrieve did not answer a list of UUIDs');
    }
    return [...new Set(body.map(u => u.toLowerCase()))].filter(u =>
      UUID.test(u),
    );
  }

  /** `GET /api/v1/log/entries/{uuid}`; undefined when the log no longer has it. */
  async getEntry(uuid: string, signal?: AbortSignal): Promise<unknown> {
    return this.request(
      `/api/v1/log/entries/${encodeURIComponent(uuid)}`,
      { method: 'GET' },
      signal,
      true,
    );
  }

  private async request(
    path: string,
    init: { method: string; body?: string },
    signal?: AbortSignal,
    notFoundIsEmpty = false,
  ): Promise<unknown> {
    const url = `${this.config.baseUrl}${path}`;
    for (let attempt = 0; ; attempt++) {
      await this.limiter.acquire(signal);
      let status: number | undefined;
      let retryAfter: string | null = null;
      let problem: string;
      try {
        const response = await fetch(url, {
          ...init,
          headers: {
            accept: 'application/json',
            ...(init.body && { 'content-type': 'application/json' }),
          },
          signal: AbortSignal.any([
            AbortSignal.timeout(this.config.timeoutMs),
            ...(signal ? [signal] : []),
          ]),
        });
        status = response.status;
        if (response.ok) {
          return await response.json();
        }
        if (status === 404 && notFoundIsEmpty) {
          return undefined;
        }
        retryAfter = response.headers.get('retry-after');
        problem = `${init.method} ${path} answered ${status}${await errorText(
          response,
        )}`;
      } catch (error) {
        signal?.throwIfAborted();
        problem = `${init.method} ${path} failed: ${(error as Error).message}`;
      }
      const canRetry = status === undefined || retryable(status);
      if (!canRetry || attempt >= this.config.retries) {
        throw new RekorError(
          `Rekor at ${this.config.baseUrl}: ${problem}${
            canRetry ? ` (after ${attempt + 1} attempts)` : ''
          }`,
          status,
        );
      }
      const delay =
        parseRetryAfter(retryAfter, this.clock.now()) ??
        backoffDelayMs(attempt, {
          ...(this.options.backoff ?? { baseMs: 500, maxMs: 10_000 }),
          random: this.options.random ?? Math.random,
        });
      this.options.logger?.debug(`${problem}; retrying in ${delay} ms`);
      await this.clock.sleep(delay, signal);
    }
  }
}

async function errorText(response: Response): Promise<string> {
  try {
    const body = await response.json();
    return typeof body?.message === 'string' ? `: ${body.message}` : '';
  } catch {
    return '';
  }
}
