import { KvStore } from './kvStore';

describe('KvStore', () => {
  const now = () => new Date('2025-01-01T00:00:00Z');

  it('lists leaves and folders one level deep, sorted', () => {
    const kv = new KvStore(now).addMount('secret');
    for (const path of ['a/x', 'a/y/z', 'a/y', 'b', 'a/y/w/v'])
      kv.write(path, { v: 1 });
    expect(kv.list('')).toEqual(['a/', 'b']);
    expect(kv.list('a')).toEqual(['x', 'y', 'y/']);
    expect(kv.list('a/y/')).toEqual(['w/', 'z']);
    expect(kv.list('nothing/')).toEqual([]);
  });

  it("keeps at most max_versions, Vault's default being 10", () => {
    const kv = new KvStore(now).addMount('secret');
    for (let i = 0; i < 12; i++) kv.write('s', { i });
    const secret = kv.get('s')!;
    expect(secret.currentVersion).toBe(12);
    expect(secret.oldestVersion).toBe(3);
    expect([...secret.versions.keys()].sort((a, b) => a - b)).toEqual([
      3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
  });

  it('backdates versions and soft-deletes at a given time', () => {
    const kv = new KvStore(now).addMount('secret');
    const old = new Date('2024-01-01T00:00:00Z');
    kv.write('s', { v: 1 }, { createdTime: old });
    kv.deleteVersions('s', undefined, new Date('2024-06-01T00:00:00Z'));
    const version = kv.get('s')!.versions.get(1)!;
    expect(version.createdTime).toEqual(old);
    expect(kv.isDeleted(version)).toBe(true);
    kv.destroyVersions('s', [1]);
    expect(version.data).toBeNull();
  });
});
