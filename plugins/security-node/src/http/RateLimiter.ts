import type { Clock } from './clock';

/**
 * A token bucket that holds one token and refills at `requestsPerSecond`: requests start at
 * least `1 / requestsPerSecond` apart, so N requests span at least (N - 1) / rps seconds. A
 * bucket of one (no burst) keeps a scheduled sweep over thousands of entities from hitting a
 * Vault rate-limit quota at the start of every run.
 */
export class RateLimiter {
  private readonly intervalMs: number;
  private nextFreeAt = -Infinity;

  constructor(requestsPerSecond: number, private readonly clock: Clock) {
    this.intervalMs = 1000 / requestsPerSecond;
  }

  /** Waits for this caller's turn. Turns are handed out in call order. */
  async acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const now = this.clock.now();
    const at = Math.max(now, this.nextFreeAt);
    this.nextFreeAt = at + this.intervalMs;
    if (at > now) await this.clock.sleep(at - now, signal);
  }
}
