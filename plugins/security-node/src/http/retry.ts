import { setTimeout as wait } from 'node:timers/promises';
import pRetry from 'p-retry';

/** What a failed attempt tells the retry loop. @public */
export type AttemptFailure<E extends Error = Error> = {
  ok: false;
  error: E;
  /** 429, most 5xx, timeouts and network errors usually are; the caller decides. */
  retryable: boolean;
  /** The server's Retry-After, when it sent one: the next attempt waits at least this long. */
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
  /**
   * The first retry waits between half and all of `baseMs`, each further one twice as
   * long, never more than `maxMs` (jitter from `Math.random`).
   */
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

/** Carries a failed attempt through p-retry, which only knows thrown errors. */
class AttemptFailed<E extends Error> extends Error {
  constructor(readonly failure: AttemptFailure<E>) {
    super(failure.error.message);
  }
}

/**
 * Runs `attempt` until it succeeds, fails for good, or has been retried `retries` times, with
 * p-retry's jittered exponential backoff in between. What p-retry cannot do is added here:
 * a Retry-After longer than the backoff is waited out (or refused), and the caller chooses
 * the final error. The one retry loop of every source's HTTP client, so they all back off
 * alike.
 * @public
 */
export async function withRetries<T, E extends Error = Error>(
  attempt: () => Promise<AttemptResult<T, E>>,
  policy: RetryPolicy<E>,
): Promise<T> {
  const { signal } = policy;
  let attempts = 0;
  try {
    return await pRetry(
      async () => {
        attempts++;
        const result = await attempt();
        if (result.ok) return result.value;
        throw new AttemptFailed(result);
      },
      {
        retries: policy.retries,
        factor: 2,
        // p-retry's jitter multiplies by 1 to 2, so half the base gives half to all of it.
        minTimeout: policy.backoff.baseMs / 2,
        maxTimeout: policy.backoff.maxMs,
        randomize: true,
        signal,
        shouldRetry: ({ error }) =>
          error instanceof AttemptFailed && error.failure.retryable,
        // Runs before p-retry's own wait of `retryDelay`, and after every failure.
        onFailedAttempt: async ({ error, retriesLeft, retryDelay }) => {
          if (!(error instanceof AttemptFailed)) return;
          const failure: AttemptFailure<E> = error.failure;
          if (!failure.retryable || retriesLeft === 0) return;
          const refusal = policy.refuseWait?.(failure);
          if (refusal) throw refusal;
          const delay = Math.max(retryDelay, failure.retryAfterMs ?? 0);
          policy.onRetry?.(failure, delay, attempts + 1);
          if (delay > retryDelay) {
            await wait(delay - retryDelay, undefined, { signal }).catch(
              reason => {
                // Node rejects with its own AbortError; callers expect their reason.
                signal?.throwIfAborted();
                throw reason;
              },
            );
          }
        },
      },
    );
  } catch (error) {
    if (!(error instanceof AttemptFailed)) throw error;
    const failure: AttemptFailure<E> = error.failure;
    throw policy.finalError?.(failure, attempts) ?? failure.error;
  }
}
