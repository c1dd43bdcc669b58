import { CustomErrorBase } from '@backstage/errors';

/**
 * A refresh asked for too soon after the last one of the same entity. Answered 429, with
 * `Retry-After` set from `retryAfterSeconds` by the route.
 */
export class RefreshTooSoonError extends CustomErrorBase {
  name = 'RefreshTooSoonError' as const;
  /** Read by Backstage's error handler as the response status. */
  readonly statusCode = 429;

  constructor(
    entityRef: string,
    readonly retryAfterSeconds: number,
    intervalKey: string,
  ) {
    super(
      `${entityRef} was checked moments ago; try again in ${retryAfterSeconds} s (${intervalKey})`,
    );
  }
}

/**
 * Per-key coalescing and rate limit for on-demand work: calls while one runs share its
 * result, and a call within `minIntervalMs` after the last run finished is refused with
 * `RefreshTooSoonError` instead of running again. State is per backend instance.
 */
export class RefreshGate<T> {
  private readonly running = new Map<string, Promise<T>>();
  private readonly finishedAt = new Map<string, number>();

  constructor(
    private readonly options: {
      minIntervalMs: number;
      /** The config key that sets the interval, named in the refusal. */
      intervalKey: string;
      now?: () => number;
    },
  ) {}

  run(key: string, work: () => Promise<T>): Promise<T> {
    const inFlight = this.running.get(key);
    if (inFlight) return inFlight;
    const now = this.now();
    const last = this.finishedAt.get(key);
    if (last !== undefined) {
      const waitMs = last + this.options.minIntervalMs - now;
      if (waitMs > 0) {
        return Promise.reject(
          new RefreshTooSoonError(
            key,
            Math.ceil(waitMs / 1000),
            this.options.intervalKey,
          ),
        );
      }
    }
    this.forgetExpired(now);
    const promise = work().finally(() => {
      this.running.delete(key);
      this.finishedAt.set(key, this.now());
    });
    this.running.set(key, promise);
    return promise;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Keeps the map as small as the set of entities refreshed within one interval. */
  private forgetExpired(now: number): void {
    for (const [key, at] of this.finishedAt) {
      if (at + this.options.minIntervalMs <= now) this.finishedAt.delete(key);
    }
  }
}
