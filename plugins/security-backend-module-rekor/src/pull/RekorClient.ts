import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  parseRetryAfter,
  rateLimiter,
  withRetries,
  type RateLimiter,
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

  constructor(
    private readonly config: Pick<
      RekorConfig,
      'baseUrl' | 'requestsPerSecond' | 'timeoutMs' | 'retries'
    >,
    private readonly options: {
      logger?: LoggerService;
      /** Retry waits: the first between half and all of `baseMs`, doubling up to `maxMs`. */
      backoff?: { baseMs: number; maxMs: number };
    } = {},
  ) {
    this.limiter = rateLimiter(config.requestsPerSecond);
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
    return withRetries<unknown, RekorError>(
      async () => {
        await this.limiter(signal);
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
          if (response.ok) {
            return { ok: true, value: await response.json() };
          }
          if (response.status === 404 && notFoundIsEmpty) {
            return { ok: true, value: undefined };
          }
          return {
            ok: false,
            error: new RekorError(
              `${init.method} ${path} answered ${
                response.status
              }${await errorText(response)}`,
              response.status,
            ),
            retryable: retryable(response.status),
            retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
          };
        } catch (error) {
          signal?.throwIfAborted();
          return {
            ok: false,
            error: new RekorError(
              `${init.method} ${path} ${describeFailure(
                error,
                this.config.timeoutMs,
              )}`,
            ),
            retryable: true,
          };
        }
      },
      {
        retries: this.config.retries,
        backoff: this.options.backoff ?? { baseMs: 500, maxMs: 10_000 },
        signal,
        finalError: ({ error, retryable: gaveUp }, attempts) =>
          new RekorError(
            `Rekor at ${this.config.baseUrl}: ${error.message}${
              gaveUp ? ` (after ${attempts} attempts)` : ''
            }`,
            error.status,
          ),
        onRetry: ({ error }, delay) =>
          this.options.logger?.debug(
            `${error.message}; retrying in ${delay} ms`,
          ),
      },
    );
  }
}

/** What the status shows: a timeout by its limit, a refused connection by its code. */
function describeFailure(error: unknown, timeoutMs: number): string {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError')
    return `did not answer within ${timeoutMs} ms`;
  // undici says only "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND, ...).
  const cause = err.cause?.code ?? err.cause?.message;
  return `failed: ${err.message}${cause ? ` (${cause})` : ''}`;
}

async function errorText(response: Response): Promise<string> {
  try {
    const body = await response.json();
    return typeof body?.message === 'string' ? `: ${body.message}` : '';
  } catch {
    return '';
  }
}
