import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseRetryAfter, withRetries } from '../http';
import { withoutCredentials } from './readFeedConfig';

/**
 * The feed's server could not be reached or did not answer 2xx, after retries.
 * @public
 */
export class FeedHttpError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'FeedHttpError';
  }
}

/** @public */
export interface FetchFeedOptions {
  /** Names the feed in errors, e.g. `KEV catalog`. */
  what: string;
  /** Per attempt, body included. */
  timeoutMs: number;
  /** Further attempts after 429, 5xx, timeouts and network errors. */
  retries: number;
  /** Aborts the whole read (task cancelled, backend stopping); never retried. */
  signal?: AbortSignal;
  accept?: string;
  logger?: LoggerService;
  /** Retry waits: the first between half and all of `baseMs`, doubling up to `maxMs`. */
  backoff?: { baseMs: number; maxMs: number };
}

const transient = (status: number) => status === 429 || status >= 500;

/**
 * GETs the whole body of a feed. Each attempt has its own timeout covering the body, so a
 * server that stalls mid-download is retried like one that never answers; the bytes are
 * returned as sent (a gzipped file stays gzipped), for the caller to hash and parse.
 * Credentials in the URL (`https://user:pass@mirror/feed`) are sent as Basic authorization;
 * errors and log lines show the URL without them.
 * @public
 */
export async function fetchFeedBytes(
  url: string,
  options: FetchFeedOptions,
): Promise<Buffer> {
  const { signal, timeoutMs } = options;
  const { target, authorization } = splitCredentials(url);
  const shown = withoutCredentials(url);
  const headers: Record<string, string> = { accept: options.accept ?? '*/*' };
  if (authorization) headers.authorization = authorization;
  return withRetries<Buffer, FeedHttpError>(
    async () => {
      try {
        const response = await fetch(target, {
          headers,
          signal: AbortSignal.any([
            AbortSignal.timeout(timeoutMs),
            ...(signal ? [signal] : []),
          ]),
        });
        if (!response.ok) {
          // Drop the body so the connection is released.
          await response.body?.cancel().catch(() => undefined);
          return {
            ok: false,
            error: new FeedHttpError(
              `answered ${response.status}${
                response.statusText ? ` ${response.statusText}` : ''
              }`,
              response.status,
            ),
            retryable: transient(response.status),
            retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
          };
        }
        return { ok: true, value: Buffer.from(await response.arrayBuffer()) };
      } catch (error) {
        signal?.throwIfAborted();
        return {
          ok: false,
          error: new FeedHttpError(describeFailure(error, timeoutMs)),
          retryable: true,
        };
      }
    },
    {
      retries: options.retries,
      backoff: options.backoff ?? { baseMs: 1_000, maxMs: 30_000 },
      signal,
      finalError: ({ error, retryable }, attempts) =>
        new FeedHttpError(
          `${options.what} at ${shown} ${error.message}${
            retryable && attempts > 1 ? ` (after ${attempts} attempts)` : ''
          }`,
          error.status,
        ),
      onRetry: ({ error }, delay, attempt) =>
        options.logger?.debug(
          `${options.what} at ${shown} ${error.message}; attempt ${attempt} in ${delay} ms`,
        ),
    },
  );
}

/**
 * Node's fetch refuses a URL with credentials, with an error that quotes the whole URL,
 * password included; so they travel in a header instead, decoded as curl does.
 */
function splitCredentials(url: string): {
  target: string;
  authorization?: string;
} {
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) return { target: url };
  const userinfo = `${decode(parsed.username)}:${decode(parsed.password)}`;
  return {
    target: withoutCredentials(url),
    authorization: `Basic ${Buffer.from(userinfo, 'utf8').toString('base64')}`,
  };
}

/** A stray `%` that is not an escape is taken literally rather than failing the feed. */
function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') {
    return `did not answer within ${timeoutMs} ms`;
  }
  // undici says only "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND, ...).
  const cause = err.cause?.code ?? err.cause?.message;
  return `could not be read: ${err.message}${cause ? ` (${cause})` : ''}`;
}
