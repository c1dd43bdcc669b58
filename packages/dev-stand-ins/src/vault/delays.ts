/**
 * Starts a wait of `ms` that calls `done` when it elapses; the returned function cancels it.
 * Injectable so tests can see which delay a fault asked for and end it themselves.
 */
export type DelayTimer = (ms: number, done: () => void) => () => void;

/** The real clock; unref'd so a pending delay never keeps the process alive. */
export const realDelayTimer: DelayTimer = (ms, done) => {
  const timer = setTimeout(done, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * Sleeps for injected delays that can all be cut short when the server closes, so a test
 * that makes a client time out does not leave timers keeping Jest alive.
 */
export class Delays {
  private readonly pending = new Set<{
    cancel: () => void;
    done: (elapsed: boolean) => void;
  }>();

  constructor(private readonly timer: DelayTimer = realDelayTimer) {}

  /** Resolves true after `ms`, or false if cancelled first. */
  sleep(ms: number): Promise<boolean> {
    return new Promise(resolve => {
      const item = {
        cancel: this.timer(ms, () => {
          this.pending.delete(item);
          resolve(true);
        }),
        done: resolve,
      };
      this.pending.add(item);
    });
  }

  cancelAll(): void {
    for (const item of this.pending) {
      item.cancel();
      item.done(false);
    }
    this.pending.clear();
  }
}
