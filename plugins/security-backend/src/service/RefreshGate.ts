import { CustomErrorBase } from '@backstage/errors';
import type { RefreshMarkStore } from '../database/DatabaseRefreshMarkStore';

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
 * `RefreshTooSoonError` instead of running again. With `marks` (the database), the limit
 * holds across replicas: a run first claims its key there, so a call on another replica while
 * it runs or within the interval after it is refused too; without, it is per instance.
 * Coalescing is per instance either way.
 */
export class RefreshGate<T> {
  private readonly running = new Map<string, Promise<T>>();
  private readonly finishedAt = new Map<string, number>();

  constructor(
    private readonly options: {
      minIntervalMs: number;
      /** The config key that sets the interval, named in the refusal. */
      intervalKey: string;
      /** Marks shared by every replica; absent, the limit is this instance's alone. */
      marks?: RefreshMarkStore;
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
    const promise = this.claimed(key, now)
      .then(async () => {
        try {
          return await work();
        } finally {
          this.finishedAt.set(key, this.now());
          await this.options.marks
            ?.finished({ entityRef: key, now: new Date(this.now()) })
            .catch(() => {
              // The mark of the start still limits the next refresh; nothing to undo.
            });
        }
      })
      .finally(() => this.running.delete(key));
    this.running.set(key, promise);
    return promise;
  }

  /** Rejects with `RefreshTooSoonError` when another replica refreshed the key too recently. */
  private async claimed(key: string, now: number): Promise<void> {
    const { marks, minIntervalMs, intervalKey } = this.options;
    if (!marks || minIntervalMs <= 0) return;
    const waitMs = await marks.claim({
      entityRef: key,
      now: new Date(now),
      minIntervalMs,
    });
    if (waitMs > 0) {
      throw new RefreshTooSoonError(key, Math.ceil(waitMs / 1000), intervalKey);
    }
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
