import {
  assertMetadataOnly,
  buildVaultRequest,
  VaultPathError,
  type VaultRoute,
} from './vaultRoutes';

describe('buildVaultRequest', () => {
  it('builds the only endpoints Posture calls', () => {
    const paths = (
      [
        { name: 'health' },
        { name: 'token-lookup-self' },
        { name: 'token-renew-self' },
        { name: 'login', method: 'kubernetes', authMount: 'kubernetes' },
        { name: 'login', method: 'approle', authMount: 'team/approle' },
        { name: 'kv-metadata', mount: 'secret', path: 'payments/db' },
        { name: 'kv-list', mount: 'kv-payments', folder: 'payments/ledger/' },
        { name: 'kv-list', mount: 'secret', folder: '' },
        { name: 'static-role', mount: 'database', role: 'ledger-db' },
      ] as VaultRoute[]
    ).map(route => {
      const r = buildVaultRequest(route);
      return `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`;
    });
    expect(paths).toEqual([
      'GET sys/health?standbyok=true&perfstandbyok=true',
      'GET auth/token/lookup-self',
      'POST auth/token/renew-self',
      'POST auth/kubernetes/login',
      'POST auth/team/approle/login',
      'GET secret/metadata/payments/db',
      'GET kv-payments/metadata/payments/ledger/?list=true',
      'GET secret/metadata/?list=true',
      'GET database/static-roles/ledger-db',
    ]);
  });

  it('reads a secret whose own name starts with data/ through metadata', () => {
    // The example catalog has `data/event-ingest/kafka`: a team called "data".
    const r = buildVaultRequest({
      name: 'kv-metadata',
      mount: 'secret',
      path: 'data/event-ingest/kafka',
    });
    expect(r.path).toBe('secret/metadata/data/event-ingest/kafka');
    expect(r.action).toBe(
      'reading metadata at secret/metadata/data/event-ingest/kafka',
    );
  });

  it('encodes each segment so no character can change the route', () => {
    const r = buildVaultRequest({
      name: 'kv-metadata',
      mount: 'secret',
      path: 'team a/%2e%2e/x',
    });
    expect(r.path).toBe('secret/metadata/team%20a/%252e%252e/x');
  });

  it.each([
    [
      'a mount ending in data',
      { name: 'kv-metadata', mount: 'secret/data', path: 'x' },
    ],
    [
      'a mount containing creds',
      { name: 'kv-metadata', mount: 'database/creds', path: 'x' },
    ],
    [
      'a mount containing static-creds',
      { name: 'static-role', mount: 'database/static-creds', role: 'x' },
    ],
    [
      'a mount containing subkeys',
      { name: 'kv-list', mount: 'secret/subkeys', folder: 'x/' },
    ],
    [
      'a dot-dot path',
      { name: 'kv-metadata', mount: 'secret', path: '../data/x' },
    ],
    [
      'a dot-dot path in the middle',
      { name: 'kv-metadata', mount: 'secret', path: 'a/../../data/x' },
    ],
    ['a dot segment', { name: 'kv-metadata', mount: 'secret', path: './x' }],
    [
      'an empty segment',
      { name: 'kv-metadata', mount: 'secret', path: 'a//b' },
    ],
    [
      'a query in the path',
      { name: 'kv-metadata', mount: 'secret', path: 'x?version=1' },
    ],
    [
      'a fragment in the path',
      { name: 'kv-metadata', mount: 'secret', path: 'x#y' },
    ],
    ['the sys mount', { name: 'kv-metadata', mount: 'sys', path: 'raw/x' }],
    ['an auth mount', { name: 'kv-list', mount: 'auth', folder: 'x/' }],
    ['cubbyhole', { name: 'kv-metadata', mount: 'cubbyhole', path: 'x' }],
    [
      'a role with a slash',
      { name: 'static-role', mount: 'database', role: '../creds/x' },
    ],
    ['a nested role', { name: 'static-role', mount: 'database', role: 'a/b' }],
    ['an empty path', { name: 'kv-metadata', mount: 'secret', path: '/' }],
    ['a dot-dot folder', { name: 'kv-list', mount: 'secret', folder: '../' }],
  ] as Array<[string, VaultRoute]>)('refuses %s', (_, route) => {
    expect(() => buildVaultRequest(route)).toThrow(VaultPathError);
  });

  it('never produces a value endpoint, whatever the input', () => {
    const words = [
      'data',
      'creds',
      'static-creds',
      'metadata',
      '..',
      '.',
      'x',
      'sys',
      '',
    ];
    const built: Array<{ path: string; mount: string }> = [];
    const refused: unknown[] = [];
    for (const a of words) {
      for (const b of words) {
        for (const c of words) {
          const routes: VaultRoute[] = [
            { name: 'kv-metadata', mount: `${a}/${b}`, path: `${c}/${a}` },
            { name: 'kv-metadata', mount: a, path: `${b}/${c}` },
            { name: 'kv-list', mount: a, folder: `${b}/${c}/` },
            { name: 'static-role', mount: `${a}/${b}`, role: c },
          ];
          for (const route of routes) {
            try {
              const { path } = buildVaultRequest(route);
              built.push({ path, mount: (route as { mount: string }).mount });
            } catch (error) {
              refused.push(error);
            }
          }
        }
      }
    }
    expect(built.length).toBeGreaterThan(50);
    expect(refused.length).toBeGreaterThan(50);
    expect(refused.every(e => e instanceof VaultPathError)).toBe(true);
    for (const { path, mount } of built) {
      const segments = path.split('/');
      const mountLength = mount.split('/').filter(Boolean).length;
      // Right after the mount comes metadata or static-roles, and nothing in the mount is a
      // value endpoint or a dot segment.
      expect(['metadata', 'static-roles']).toContain(segments[mountLength]);
      for (const s of segments.slice(0, mountLength)) {
        expect([
          'data',
          'creds',
          'static-creds',
          'subkeys',
          '.',
          '..',
          '',
        ]).not.toContain(s);
      }
      expect(segments).not.toContain('..');
      expect(segments).not.toContain('.');
    }
  });
});

describe('assertMetadataOnly', () => {
  it.each([
    ['secret/data/x', 1],
    ['database/creds/x', 1],
    ['database/static-creds/x', 1],
    ['secret/subkeys/x', 1],
    ['team/data/metadata/x', 2],
    ['secret/metadata/../data/x', 1],
  ])('throws on %s', (path, mountLength) => {
    expect(() => assertMetadataOnly(path, mountLength)).toThrow(
      /Posture only reads metadata/,
    );
  });

  it('accepts metadata, static roles, health, token self and login', () => {
    expect(() => assertMetadataOnly('secret/metadata/data/x', 1)).not.toThrow();
    expect(() =>
      assertMetadataOnly('database/static-roles/x', 1),
    ).not.toThrow();
    expect(() => assertMetadataOnly('sys/health', 1)).not.toThrow();
    expect(() => assertMetadataOnly('auth/token/renew-self', 2)).not.toThrow();
    expect(() => assertMetadataOnly('auth/approle/login', 2)).not.toThrow();
  });
});
