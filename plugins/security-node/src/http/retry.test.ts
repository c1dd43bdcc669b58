import { FakeClock } from './FakeClock';
import { withRetries, type AttemptResult } from './retry';

const policy = (clock: FakeClock) => ({
  retries: 3,
  clock,
  random: () => 1,
  backoff: { baseMs: 100, maxMs: 250 },
});
const failure = (retryable: boolean, retryAfterMs?: number) => ({
  ok: false as const,
  error: new Error(retryable ? 'busy' : 'denied'),
  retryable,
  retryAfterMs,
});

/** Answers the given results in turn. */
function script<T>(...results: Array<AttemptResult<T>>) {
  let calls = 0;
  const attempt = async () => results[Math.min(calls++, results.length - 1)];
  return { attempt, calls: () => calls };
}

describe('withRetries', () => {
  it('waits Retry-After when given, else the capped exponential backoff, then succeeds', async () => {
    const clock = new FakeClock(0);
    const { attempt, calls } = script<string>(
      failure(true),
      failure(true, 1_500),
      failure(true),
      { ok: true, value: 'done' },
    );
    await expect(withRetries(attempt, policy(clock))).resolves.toBe('done');
    expect(calls()).toBe(4);
    expect(clock.sleeps).toEqual([100, 1_500, 250]);
  });

  it('stops at once on a failure that is not retryable, and after the last retry', async () => {
    const clock = new FakeClock(0);
    const denied = script<string>(failure(false));
    await expect(withRetries(denied.attempt, policy(clock))).rejects.toThrow(
      'denied',
    );
    expect(denied.calls()).toBe(1);

    const busy = script<string>(failure(true));
    await expect(
      withRetries(busy.attempt, {
        ...policy(clock),
        finalError: (f, attempts) =>
          new Error(`${f.error.message} after ${attempts}`),
      }),
    ).rejects.toThrow('busy after 4');
    expect(busy.calls()).toBe(4);
  });

  it('throws instead of waiting when the policy refuses the wait', async () => {
    const clock = new FakeClock(0);
    const { attempt, calls } = script<string>(failure(true, 120_000));
    await expect(
      withRetries(attempt, {
        ...policy(clock),
        refuseWait: f =>
          (f.retryAfterMs ?? 0) > 60_000 ? new Error('too long') : undefined,
      }),
    ).rejects.toThrow('too long');
    expect(calls()).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });
});
