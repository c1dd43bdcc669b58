/**
 * Sleeps for injected delays that can all be cut short when the server closes, so a test
 * that makes a client time out does not leave timers keeping Jest alive.
 */
export class Delays {
  private readonly pending = new Set<{
    timer: NodeJS.Timeout;
    done: (elapsed: boolean) => void;
  }>();

  /** Resolves true after `ms`, or false if cancelled first. */
  sleep(ms: number): Promise<boolean> {
    return new Promise(resolve => {
      const item = {
        timer: setTimeout(() => {
          this.pending.delete(item);
          resolve(true);
        }, ms),
        done: resolve,
      };
      item.timer.unref();
      this.pending.add(item);
    });
  }

  cancelAll(): void {
    for (const item of this.pending) {
      clearTimeout(item.timer);
      item.done(false);
    }
    this.pending.clear();
  }
}
