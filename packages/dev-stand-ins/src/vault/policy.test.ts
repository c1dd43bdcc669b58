import { PolicyStore } from './policies';
import { Harness, startHarness } from './__testUtils__/harness';

const POLICY_DENIED = {
  errors: ['1 error occurred:\n\t* permission denied\n\n'],
};

describe('ACL policies over HTTP', () => {
  let h: Harness;
  let metadataOnly: string;

  beforeAll(async () => {
    h = await startHarness({
      policies: [
        {
          name: 'metadata-only',
          paths: {
            'secret/metadata/*': ['read', 'list'],
            'database/static-roles/*': ['read', 'list'],
          },
        },
      ],
    });
    h.vault.state.kv.mount('secret').write('team/app', { password: 'hunter2' });
    h.vault.state.database.mount('database').putStaticRole('app-db', {
      username: 'app',
      dbName: 'pg',
      rotationPeriod: 86400,
    });
    metadataOnly = h.vault.state.tokens.create({
      policies: ['metadata-only'],
    }).id;
  });

  afterAll(() => h.server.close());

  it('lets a metadata-only token read and list metadata and static roles', async () => {
    const read = await h.call('GET', '/v1/secret/metadata/team/app', {
      token: metadataOnly,
    });
    expect(read.status).toBe(200);
    const list = await h.call('LIST', '/v1/secret/metadata/team', {
      token: metadataOnly,
    });
    expect(list.body.data.keys).toEqual(['app']);
    const role = await h.call('GET', '/v1/database/static-roles/app-db', {
      token: metadataOnly,
    });
    expect(role.status).toBe(200);
    const roles = await h.call('LIST', '/v1/database/static-roles', {
      token: metadataOnly,
    });
    expect(roles.body.data.keys).toEqual(['app-db']);
  });

  it('denies it the data and credential paths with the multierror body', async () => {
    for (const [method, path] of [
      ['GET', '/v1/secret/data/team/app'],
      ['GET', '/v1/database/static-creds/app-db'],
      ['POST', '/v1/secret/metadata/team/app'],
    ]) {
      const res = await h.call(method, path, {
        token: metadataOnly,
        body: method === 'POST' ? {} : undefined,
      });
      expect({ path, status: res.status, body: res.body }).toEqual({
        path,
        status: 403,
        body: POLICY_DENIED,
      });
      expect(res.text).not.toContain('hunter2');
    }
  });

  it('checks the ACL before routing, so unknown paths are denied too', async () => {
    const res = await h.call('GET', '/v1/nowhere/at/all', {
      token: metadataOnly,
    });
    expect(res).toMatchObject({ status: 403, body: POLICY_DENIED });
    const root = await h.call('GET', '/v1/nowhere/at/all');
    expect(root.status).toBe(404);
  });

  it('keeps the default policy: a token can look itself up', async () => {
    const res = await h.call('GET', '/v1/auth/token/lookup-self', {
      token: metadataOnly,
    });
    expect(res.status).toBe(200);
    expect(res.body.data.policies).toEqual(['default', 'metadata-only']);
  });
});

describe('PolicyStore matching', () => {
  const store = new PolicyStore([
    {
      name: 'p',
      paths: {
        'secret/*': ['read'],
        'secret/metadata/*': ['list'],
        'secret/metadata/team/+/config': ['update'],
        'secret/metadata/blocked': ['deny'],
        'secret/metadata/exact': ['read', 'list'],
      },
    },
  ]);

  it('uses the most specific pattern, not the union', () => {
    expect([...store.capabilities(['p'], 'secret/data/x')]).toEqual(['read']);
    expect([...store.capabilities(['p'], 'secret/metadata/x')]).toEqual([
      'list',
    ]);
    expect(store.allows(['p'], 'secret/metadata/team/a/config', 'update')).toBe(
      true,
    );
    expect(
      store.allows(['p'], 'secret/metadata/team/a/b/config', 'update'),
    ).toBe(false);
    expect(store.allows(['p'], 'secret/metadata/exact', 'read')).toBe(true);
  });

  it('lets deny win and root allow everything', () => {
    expect(store.capabilities(['p'], 'secret/metadata/blocked').size).toBe(0);
    expect(store.allows(['root'], 'anything/at/all', 'delete')).toBe(true);
    expect(store.allows(['unknown'], 'secret/data/x', 'read')).toBe(false);
  });
});
