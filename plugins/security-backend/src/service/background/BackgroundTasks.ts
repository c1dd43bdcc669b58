import type { LoggerService } from '@backstage/backend-plugin-api';

/**
 * Work a request starts but does not wait for (a new image digest's signature check). Keyed,
 * so the same work is never running twice (a scan and an SBOM of one build arrive together);
 * awaitable, so tests wait for it instead of polling, and shutdown drains it.
 */
export class BackgroundTasks {
  private readonly running = new Map<string, Promise<void>>();
  /** Keys whose work was asked for again while it ran (see enqueueFresh). */
  private readonly again = new Set<string>();
  private closed = false;

  constructor(private readonly logger: LoggerService) {}

  /**
   * Starts `task` now unless work with the same key is running (its promise is returned
   * instead) or the backend is shutting down. The promise never rejects: a failure is logged.
   */
  enqueue(key: string, task: () => Promise<void>): Promise<void> {
    const existing = this.running.get(key);
    if (existing) return existing;
    if (this.closed) {
      this.logger.debug(`Not starting ${key}: shutting down`);
      return Promise.resolve();
    }
    const run = Promise.resolve()
      .then(task)
      .catch(error => {
        this.logger.warn(`Background task ${key} failed: ${error}`);
      })
      .finally(() => this.running.delete(key));
    this.running.set(key, run);
    return run;
  }

  /**
   * Like {@link BackgroundTasks.enqueue}, for work that reads current state (an entity's
   * secrets): when work with the key is running, it runs once more after it (however many ask
   * meanwhile), so the caller's change is never missed by a pass that had already read. Calls
   * share the returned promise, which settles after that last pass and never rejects.
   */
  enqueueFresh(key: string, task: () => Promise<void>): Promise<void> {
    const existing = this.running.get(key);
    if (existing) {
      this.again.add(key);
      return existing;
    }
    if (this.closed) {
      this.logger.debug(`Not starting ${key}: shutting down`);
      return Promise.resolve();
    }
    const run = (async () => {
      await Promise.resolve();
      try {
        do {
          this.again.delete(key);
          try {
            await task();
          } catch (error) {
            this.logger.warn(`Background task ${key} failed: ${error}`);
          }
        } while (this.again.has(key) && !this.closed);
      } finally {
        // In the same turn as the last check of `again`: a call after it starts a new run.
        this.running.delete(key);
        this.again.delete(key);
      }
    })();
    this.running.set(key, run);
    return run;
  }

  /** Keys of the work running now. */
  get pending(): string[] {
    return [...this.running.keys()];
  }

  /** Resolves once nothing is running, including work started while waiting. */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.all(this.running.values());
    }
  }

  /** Accepts no new work and waits for what is running (backend shutdown). */
  async drain(): Promise<void> {
    this.closed = true;
    await this.whenIdle();
  }
}
