import FakeTimers from '@sinonjs/fake-timers';
import { concurrencyLimiter, rateLimiter } from './limiters';

type InstalledClock = ReturnType<typeof FakeTimers.install>;

describe('rateLimiter', () => {
  let clock: InstalledClock;

  beforeEach(() => {
    clock = FakeTimers.install({
      now: 0,
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
    });
  });

  afterEach(() => clock.uninstall());

  it('spaces N turns at least (N - 1) / rps apart, in call order', async () => {
    const turn = rateLimiter(4);
    const started: Array<[number, number]> = [];
    const all = Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        turn().then(() => started.push([i, Date.now()])),
      ),
    );
    await clock.runAllAsync();
    await all;
    expect(started).toEqual(Array.from({ length: 9 }, (_, i) => [i, i * 250]));
  });

  it('does not wait when turns are already far enough apart', async () => {
    const turn = rateLimiter(10);
    await turn();
    await clock.tickAsync(500);
    await turn();
    expect(Date.now()).toBe(500);
    expect(clock.countTimers()).toBe(0);
  });

  it('stops waiting when the signal aborts', async () => {
    const turn = rateLimiter(1);
    await turn();
    const controller = new AbortController();
    const waiting = turn(controller.signal);
    await clock.tickAsync(100);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(Date.now()).toBe(100);
    await expect(turn(controller.signal)).rejects.toThrow('stop');
  });
});

describe('concurrencyLimiter', () => {
  /** Work that runs until released, so the test decides when each piece ends. */
  function gate() {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const releases: Array<() => void> = [];
    const work = (i: number) => () => {
      running++;
      peak = Math.max(peak, running);
      started.push(i);
      return new Promise<number>(resolve =>
        releases.push(() => {
          running--;
          resolve(i);
        }),
      );
    };
    const flush = () => new Promise(resolve => setImmediate(resolve));
    return { work, started, releases, peak: () => peak, flush };
  }

  it('runs at most `limit` at once, in arrival order', async () => {
    const limit = concurrencyLimiter(2);
    const { work, started, releases, peak, flush } = gate();
    const all = Promise.all(
      Array.from({ length: 6 }, (_, i) => limit(work(i))),
    );
    await flush();
    expect(started).toEqual([0, 1]);
    for (let released = 0; released < 6; released++) {
      releases[released]();
      await flush();
    }
    await expect(all).resolves.toEqual([0, 1, 2, 3, 4, 5]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak()).toBe(2);
  });

  it('releases the slot when the work fails, and drops waiters that give up', async () => {
    const limit = concurrencyLimiter(1);
    const { work, releases, flush } = gate();
    const holder = limit(work(0));
    const controller = new AbortController();
    const gaveUp = jest.fn(async () => 'never');
    const waiter = limit(gaveUp, controller.signal);
    controller.abort(new Error('gave up'));
    await expect(waiter).rejects.toThrow('gave up');
    releases[0]();
    await holder;
    await expect(
      limit(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(limit(async () => 'ok')).resolves.toBe('ok');
    await flush();
    expect(gaveUp).not.toHaveBeenCalled();
  });
});
