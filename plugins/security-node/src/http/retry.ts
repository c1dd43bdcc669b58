import { backoffDelayMs } from './backoff';
import type { Clock } from './clock';

/** What a failed attempt tells the retry loop. @public */
export type AttemptFailure<E extends Error = Error> = {
  ok: false;
  error: E;
  /** 429, most 5xx, timeouts and network errors usually are; the caller decides. */
  retryable: boolean;
  /** The server's Retry-After, when it sent one: waited for instead of the backoff. */
  retryAfterMs?: number;
};

/** One attempt's outcome. @public */
export type AttemptResult<T, E extends Error = Error> =
  | { ok: true; value: T }
  | AttemptFailure<E>;

/** @public */
export interface RetryPolicy<E extends Error = Error> {
  /** Further attempts after the first. */
  retries: number;
  clock: Clock;
  random: () => number;
  backoff: { baseMs: number; maxMs: number };
  signal?: AbortSignal;
  /** The error to throw once retrying stops (the last failure's by default). */
  finalError?: (failure: AttemptFailure<E>, attempts: number) => Error;
  /** An error to throw instead of waiting, e.g. for a Retry-After too long to wait out. */
  refuseWait?: (failure: AttemptFailure<E>) => Error | undefined;
  /** Before each wait, e.g. to log it; `attempt` is the one about to be made (1-based). */
  onRetry?: (
    failure: AttemptFailure<E>,
    delayMs: number,
    attempt: number,
  ) => void;
}

/**
 * Runs `attempt` until it succeeds, fails for good, or has been retried `retries` times,
 * waiting Retry-After or a jittered exponential backoff in between. The one retry loop of
 * every source's HTTP client, so they all back off alike.
 * @public
 */
export async function withRetries<T, E extends Error = Error>(
  attempt: () => Promise<AttemptResult<T, E>>,
  policy: RetryPolicy<E>,
): Promise<T> {
  for (let n = 0; ; n++) {
    const result = await attempt();
    if (result.ok) return result.value;
    if (!result.retryable || n >= policy.retries) {
      throw policy.finalError?.(result, n + 1) ?? result.error;
    }
    const refusal = policy.refuseWait?.(result);
    if (refusal) throw refusal;
    const delay =
      result.retryAfterMs ??
      backoffDelayMs(n, { ...policy.backoff, random: policy.random });
    policy.onRetry?.(result, delay, n + 2);
    await policy.clock.sleep(delay, policy.signal);
  }
}
