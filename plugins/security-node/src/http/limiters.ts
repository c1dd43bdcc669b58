import pLimit from 'p-limit';
import pThrottle from 'p-throttle';
import { abortable } from './abortable';

/**
 * Waits for the caller's turn: turns start at least `1 / requestsPerSecond` apart, in call
 * order. Rejects with the signal's reason if it aborts first; the turn is spent either way.
 * @public
 */
export type RateLimiter = (signal?: AbortSignal) => Promise<void>;

/**
 * A rate limit of one request per `1 / requestsPerSecond` with no burst, so a scheduled
 * sweep over thousands of entities does not hit the server's quota at the start of a run.
 * @public
 */
export function rateLimiter(requestsPerSecond: number): RateLimiter {
  const turn = pThrottle({ limit: 1, interval: 1000 / requestsPerSecond })(
    async () => undefined,
  );
  return async signal => {
    signal?.throwIfAborted();
    await abortable(turn(), signal);
  };
}

/**
 * Runs `work` once fewer than the limit are running, first come first served. A caller
 * whose signal aborts while waiting stops waiting, and its work never starts.
 * @public
 */
export type ConcurrencyLimiter = <T>(
  work: () => Promise<T>,
  signal?: AbortSignal,
) => Promise<T>;

/**
 * At most `concurrency` pieces of work at once. Shared by every request of a client, so
 * many entities collected in parallel still load the server evenly.
 * @public
 */
export function concurrencyLimiter(concurrency: number): ConcurrencyLimiter {
  const limit = pLimit(concurrency);
  return (work, signal) => {
    signal?.throwIfAborted();
    return abortable(
      limit(() => {
        signal?.throwIfAborted();
        return work();
      }),
      signal,
    );
  };
}
