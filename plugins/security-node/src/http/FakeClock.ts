import type { Clock } from './clock';

/**
 * A clock that only moves when told to, or when something sleeps: `sleep` advances time at
 * once and records the wait, so backoff and rate-limit waits are asserted without waiting.
 * For tests of sources built on these helpers.
 * @public
 */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(private time = Date.parse('2025-01-01T00:00:00Z')) {}

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.time += Math.max(0, ms);
  }
}
