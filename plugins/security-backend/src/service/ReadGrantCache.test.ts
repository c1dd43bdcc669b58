import { ReadGrantCache } from './ReadGrantCache';

describe('ReadGrantCache', () => {
  it('holds at most maxEntries grants, dropping the oldest first', async () => {
    const cache = new ReadGrantCache<string>({ ttlMs: 60_000, maxEntries: 2 });
    const load = jest.fn(async () => 'grant');

    await cache.get('a', load);
    await cache.get('b', load);
    await cache.get('c', load);
    await cache.get('c', load);
    await cache.get('b', load);
    expect(load).toHaveBeenCalledTimes(3);

    await cache.get('a', load);
    expect(load).toHaveBeenCalledTimes(4);
  });

  it('shares one load between concurrent misses, and forgets it when it fails', async () => {
    const cache = new ReadGrantCache<string>();
    const load = jest.fn(async () => {
      throw new Error('catalog unavailable');
    });

    const results = await Promise.allSettled([
      cache.get('a', load),
      cache.get('a', load),
    ]);
    expect(results.map(r => r.status)).toEqual(['rejected', 'rejected']);
    expect(load).toHaveBeenCalledTimes(1);

    await expect(cache.get('a', async () => 'grant')).resolves.toBe('grant');
  });
});
