import { FakeClock } from './FakeClock';
import { ConcurrencyLimiter } from './ConcurrencyLimiter';
import { RateLimiter } from './RateLimiter';

describe('RateLimiter', () => {
  it('spaces N acquisitions at least (N - 1) / rps apart', async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter(4, clock);
    const startedAt: number[] = [];
    for (let i = 0; i < 9; i++) {
      await limiter.acquire();
      startedAt.push(clock.now());
    }
    expect(startedAt).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000]);
  });

  it('hands out turns in call order to concurrent callers', async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter(4, clock);
    await Promise.all(Array.from({ length: 9 }, () => limiter.acquire()));
    expect(clock.sleeps).toEqual(Array(8).fill(250));
    expect(clock.now()).toBe(2000);
  });

  it('does not wait when requests are already far enough apart', async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter(10, clock);
    await limiter.acquire();
    clock.advance(500);
    await limiter.acquire();
    expect(clock.sleeps).toEqual([]);
  });

  it('stops waiting when the signal aborts', async () => {
    const limiter = new RateLimiter(1, new FakeClock(0));
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(limiter.acquire(controller.signal)).rejects.toThrow('stop');
  });
});

describe('ConcurrencyLimiter', () => {
  it('runs at most `limit` at once, in arrival order', async () => {
    const limiter = new ConcurrencyLimiter(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        limiter.run(async () => {
          running++;
          peak = Math.max(peak, running);
          order.push(i);
          await new Promise(r => setTimeout(r, 5));
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(limiter.inFlight).toBe(0);
  });

  it('releases the slot when the work fails, and drops waiters that give up', async () => {
    const limiter = new ConcurrencyLimiter(1);
    let release!: () => void;
    const holder = limiter.run(
      () => new Promise<void>(resolve => (release = resolve)),
    );
    const controller = new AbortController();
    const waiter = limiter.run(async () => 'never', controller.signal);
    controller.abort(new Error('gave up'));
    await expect(waiter).rejects.toThrow('gave up');
    release();
    await holder;
    await expect(
      limiter.run(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(limiter.run(async () => 'ok')).resolves.toBe('ok');
    expect(limiter.inFlight).toBe(0);
  });
});
