import type { DelayTimer } from '../vault/delays';

/**
 * A delay timer that only elapses when the test says so, and remembers what was asked of
 * it: fault delays are asserted without waiting on the real clock.
 */
export function manualDelayTimer() {
  const waiting: Array<{ ms: number; done: () => void }> = [];
  const timer: DelayTimer = (ms, done) => {
    const item = { ms, done };
    waiting.push(item);
    return () => waiting.splice(waiting.indexOf(item), 1);
  };
  return {
    timer,
    /** The delays under way, in ms, oldest first. */
    waiting: () => waiting.map(w => w.ms),
    /** Ends the oldest delay under way. */
    elapse() {
      const item = waiting.shift();
      if (!item) throw new Error('no delay is under way');
      item.done();
    },
  };
}
