import { RefreshGate, RefreshTooSoonError } from './RefreshGate';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('RefreshGate', () => {
  let now = 1_000_000;
  const gate = () =>
    new RefreshGate<string>({
      minIntervalMs: 30_000,
      intervalKey: 'security.refresh.minInterval',
      now: () => now,
    });

  it('gives calls made while one runs that run’s result, and runs the work once', async () => {
    const g = gate();
    const done = deferred<string>();
    const work = jest.fn(() => done.promise);
    const calls = Array.from({ length: 40 }, () => g.run('a', work));
    done.resolve('checked');
    expect(await Promise.all(calls)).toEqual(Array(40).fill('checked'));
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('refuses a call within the interval after the last run finished, saying when to retry', async () => {
    const g = gate();
    await g.run('a', async () => 'first');
    now += 10_500;
    const work = jest.fn(async () => 'second');
    const refused = g.run('a', work);
    await expect(refused).rejects.toBeInstanceOf(RefreshTooSoonError);
    await expect(refused).rejects.toMatchObject({
      statusCode: 429,
      retryAfterSeconds: 20,
      message: expect.stringContaining('security.refresh.minInterval'),
    });
    expect(work).not.toHaveBeenCalled();
    // Other entities are not held back.
    expect(await g.run('b', work)).toBe('second');
    now += 19_500;
    expect(await g.run('a', async () => 'third')).toBe('third');
  });

  it('counts the interval from a failed run too, and lets the error through to every caller', async () => {
    const g = gate();
    const failing = () => Promise.reject(new Error('vault down'));
    await expect(
      Promise.all([g.run('a', failing), g.run('a', failing)]),
    ).rejects.toThrow('vault down');
    await expect(g.run('a', async () => 'again')).rejects.toBeInstanceOf(
      RefreshTooSoonError,
    );
  });

  it('with an interval of 0, only coalesces', async () => {
    const g = new RefreshGate<string>({
      minIntervalMs: 0,
      intervalKey: 'k',
      now: () => now,
    });
    await g.run('a', async () => 'first');
    expect(await g.run('a', async () => 'second')).toBe('second');
  });
});
