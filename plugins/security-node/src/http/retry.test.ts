import FakeTimers from '@sinonjs/fake-timers';
import { withRetries, type AttemptResult, type RetryPolicy } from './retry';

type InstalledClock = ReturnType<typeof FakeTimers.install>;

const failure = (retryable: boolean, retryAfterMs?: number) => ({
  ok: false as const,
  error: new Error(retryable ? 'busy' : 'denied'),
  retryable,
  retryAfterMs,
});

/** Answers the given results in turn, noting the (fake) time of each attempt. */
function script<T>(...results: Array<AttemptResult<T>>) {
  const at: number[] = [];
  const attempt = async () => {
    at.push(Date.now());
    return results[Math.min(at.length - 1, results.length - 1)];
  };
  const gaps = () => at.slice(1).map((t, i) => t - at[i]);
  return { attempt, calls: () => at.length, gaps };
}

describe('withRetries', () => {
  let clock: InstalledClock;
  const policy: RetryPolicy = {
    retries: 3,
    backoff: { baseMs: 100, maxMs: 250 },
  };

  beforeEach(() => {
    clock = FakeTimers.install({
      now: 0,
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
    });
    // The top of the jitter range: the whole exponential delay.
    jest.spyOn(Math, 'random').mockReturnValue(1);
  });

  afterEach(() => {
    clock.uninstall();
    jest.restoreAllMocks();
  });

  /** Lets every wait pass on the fake clock, then gives the outcome. */
  async function settle<T>(promise: Promise<T>) {
    const outcome = promise.then(
      value => ({ value }),
      error => ({ error }),
    );
    await clock.runAllAsync();
    return outcome;
  }

  it('waits the capped exponential backoff, or a longer Retry-After, then succeeds', async () => {
    const { attempt, calls, gaps } = script<string>(
      failure(true),
      failure(true, 1_500),
      failure(true),
      { ok: true, value: 'done' },
    );
    const onRetry = jest.fn();
    await expect(
      settle(withRetries(attempt, { ...policy, onRetry })),
    ).resolves.toEqual({ value: 'done' });
    expect(calls()).toBe(4);
    expect(gaps()).toEqual([100, 1_500, 250]);
    expect(onRetry.mock.calls.map(([, delay, next]) => [delay, next])).toEqual([
      [100, 2],
      [1_500, 3],
      [250, 4],
    ]);
  });

  it('jitters each wait between half and all of the exponential delay', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const { attempt, gaps } = script<string>(failure(true), failure(true), {
      ok: true,
      value: 'done',
    });
    await settle(
      withRetries(attempt, {
        ...policy,
        backoff: { baseMs: 100, maxMs: 1000 },
      }),
    );
    expect(gaps()).toEqual([50, 100]);
  });

  it('keeps its own backoff when Retry-After asks for less', async () => {
    const { attempt, gaps } = script<string>(failure(true, 10), {
      ok: true,
      value: 'done',
    });
    await settle(withRetries(attempt, policy));
    expect(gaps()).toEqual([100]);
  });

  it('stops at once on a failure that is not retryable, and after the last retry', async () => {
    const denied = script<string>(failure(false));
    const onRetry = jest.fn();
    const deniedOutcome = await settle(
      withRetries(denied.attempt, { ...policy, onRetry }),
    );
    expect(deniedOutcome).toEqual({ error: new Error('denied') });
    expect(denied.calls()).toBe(1);
    expect(onRetry).not.toHaveBeenCalled();

    const busy = script<string>(failure(true));
    const busyOutcome = await settle(
      withRetries(busy.attempt, {
        ...policy,
        onRetry,
        finalError: (f, attempts) =>
          new Error(`${f.error.message} after ${attempts}`),
      }),
    );
    expect(busyOutcome).toEqual({ error: new Error('busy after 4') });
    expect(busy.calls()).toBe(4);
    expect(onRetry).toHaveBeenCalledTimes(3);
  });

  it('throws instead of waiting when the policy refuses the wait', async () => {
    const { attempt, calls } = script<string>(failure(true, 120_000));
    const outcome = await settle(
      withRetries(attempt, {
        ...policy,
        refuseWait: f =>
          (f.retryAfterMs ?? 0) > 60_000 ? new Error('too long') : undefined,
      }),
    );
    expect(outcome).toEqual({ error: new Error('too long') });
    expect(calls()).toBe(1);
    expect(Date.now()).toBe(0);
  });

  it.each([
    ['its backoff', undefined],
    ['a Retry-After', 5_000],
  ])(
    'stops waiting out %s when the signal aborts, with the caller reason',
    async (_, retryAfterMs) => {
      const controller = new AbortController();
      const { attempt, calls } = script<string>(failure(true, retryAfterMs));
      const pending = withRetries(attempt, {
        ...policy,
        signal: controller.signal,
      });
      await clock.tickAsync(50);
      controller.abort(new Error('shutting down'));
      await expect(pending).rejects.toThrow('shutting down');
      expect(calls()).toBe(1);
      expect(clock.countTimers()).toBe(0);
    },
  );

  it('passes on an error the attempt throws, without retrying', async () => {
    let calls = 0;
    const outcome = await settle(
      withRetries(async () => {
        calls++;
        throw new Error('bug');
      }, policy),
    );
    expect(outcome).toEqual({ error: new Error('bug') });
    expect(calls).toBe(1);
  });
});
