import type { FakeVaultAnswer, FakeVaultRequest } from './fakeVault';

/** What the fake holds: KV metadata by `mount/path`, static roles by `mount/name`. */
export interface KvVaultContents {
  kv?: Record<string, unknown>;
  roles?: Record<string, unknown>;
  /** Answer instead of the store, e.g. a 403 for one path; undefined to fall through. */
  override?: (request: FakeVaultRequest) => FakeVaultAnswer | undefined;
}

const notFound: FakeVaultAnswer = { status: 404, body: { errors: [] } };

/**
 * A fake Vault serving KV v2 metadata, lists and static roles from memory, with a static
 * token that never expires. Mounts are the first path segment.
 */
export function kvVault(contents: KvVaultContents) {
  return (request: FakeVaultRequest): FakeVaultAnswer => {
    const override = contents.override?.(request);
    if (override) return override;
    const path = decodeURIComponent(request.path);
    if (path === 'sys/health') {
      return { body: { initialized: true, sealed: false, standby: false } };
    }
    if (path === 'auth/token/lookup-self') {
      return { body: { data: { ttl: 0, renewable: false } } };
    }
    const [mount, operation, ...rest] = path.split('/');
    const name = rest.join('/');
    if (operation === 'static-roles') {
      const role = contents.roles?.[`${mount}/${name}`];
      return role ? { body: { data: role } } : notFound;
    }
    if (operation !== 'metadata')
      return { status: 405, body: { errors: ['not here'] } };
    if (request.query.get('list') === 'true') {
      const prefix = `${mount}/${name}`;
      const keys = new Set<string>();
      for (const key of Object.keys(contents.kv ?? {})) {
        if (!key.startsWith(prefix)) continue;
        const rest2 = key.slice(prefix.length);
        const slash = rest2.indexOf('/');
        keys.add(slash === -1 ? rest2 : rest2.slice(0, slash + 1));
      }
      return keys.size
        ? { body: { data: { keys: [...keys].sort() } } }
        : notFound;
    }
    const metadata = contents.kv?.[`${mount}/${name}`];
    return metadata ? { body: { data: metadata } } : notFound;
  };
}

/** KV v2 metadata with one live version created at `createdTime`. */
export function kvMetadata(
  createdTime: string,
  extra: {
    customMetadata?: Record<string, string> | null;
    version?: { deletion_time?: string; destroyed?: boolean };
  } = {},
) {
  return {
    cas_required: false,
    created_time: '2020-01-01T00:00:00Z',
    current_version: 2,
    delete_version_after: '0s',
    max_versions: 0,
    oldest_version: 0,
    updated_time: createdTime,
    custom_metadata: extra.customMetadata ?? null,
    versions: {
      '1': {
        created_time: '2020-01-01T00:00:00Z',
        deletion_time: '',
        destroyed: false,
      },
      '2': {
        created_time: createdTime,
        deletion_time: '',
        destroyed: false,
        ...extra.version,
      },
    },
  };
}
