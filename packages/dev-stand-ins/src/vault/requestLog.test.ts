import { Harness, startHarness } from './__testUtils__/harness';
import { PathClass } from './classifyPath';

const SAFE: PathClass[] = ['metadata', 'list', 'role', 'health', 'auth'];

describe('request log', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
    h.vault.state.kv.mount('secret').write('team/app', { password: 'value-1' });
    h.vault.state.database.mount('database').putStaticRole('app-db', {
      username: 'app',
      dbName: 'pg',
      rotationPeriod: 86400,
    });
  });

  afterEach(() => h.server.close());

  it('records method, path, query, namespace, accessor and status, never the token', async () => {
    const token = h.vault.state.tokens.create({ policies: ['root'] });
    await h.call('GET', '/v1/secret/metadata/team/?list=true', {
      token: token.id,
      headers: { 'X-Vault-Namespace': 'team-a/' },
    });
    await h.call('GET', '/v1/secret/metadata/missing', { token: 'hvs.bogus' });
    const [first, second] = h.vault.requestLog.entries();
    expect(first).toEqual({
      time: expect.any(String),
      method: 'GET',
      path: '/v1/secret/metadata/team/',
      query: { list: 'true' },
      namespace: 'team-a/',
      accessor: token.accessor,
      status: 200,
      category: 'list',
      faulted: false,
    });
    expect(second).toMatchObject({
      accessor: null,
      status: 403,
      namespace: null,
    });
    expect(JSON.stringify(h.vault.requestLog.entries())).not.toContain(
      token.id,
    );
  });

  it('shows that a metadata-only client made only safe calls', async () => {
    await h.call('GET', '/v1/sys/health', { token: null });
    await h.call('GET', '/v1/auth/token/lookup-self');
    await h.call('LIST', '/v1/secret/metadata/team');
    await h.call('GET', '/v1/secret/metadata/team/app');
    await h.call('GET', '/v1/database/static-roles/app-db');
    const categories = h.vault.requestLog.categories();
    expect([...categories].every(c => SAFE.includes(c))).toBe(true);
    expect(h.vault.requestLog.entries().map(e => e.method)).toContain('LIST');
  });

  it('flags data and credential calls, and faulted answers', async () => {
    h.vault.faults.set('database/', { status: 500, times: 1 });
    await h.call('GET', '/v1/secret/data/team/app');
    await h.call('GET', '/v1/database/static-creds/app-db');
    expect(h.vault.requestLog.byCategory('data')).toHaveLength(1);
    expect(h.vault.requestLog.byCategory('credential')[0]).toMatchObject({
      status: 500,
      faulted: true,
    });
    h.vault.requestLog.clear();
    expect(h.vault.requestLog.entries()).toEqual([]);
  });
});

describe('required namespace', () => {
  it('refuses requests without the configured X-Vault-Namespace, except sys/health', async () => {
    const h = await startHarness({ namespace: 'posture' });
    try {
      h.vault.state.kv.mount('secret').write('a', { b: 'c' });
      const none = await h.call('GET', '/v1/secret/metadata/a');
      expect(none).toMatchObject({
        status: 403,
        body: { errors: ['permission denied'] },
      });
      const other = await h.call('GET', '/v1/secret/metadata/a', {
        headers: { 'X-Vault-Namespace': 'elsewhere' },
      });
      expect(other.status).toBe(403);
      const right = await h.call('GET', '/v1/secret/metadata/a', {
        headers: { 'X-Vault-Namespace': 'posture/' },
      });
      expect(right.status).toBe(200);
      expect(
        (await h.call('GET', '/v1/sys/health', { token: null })).status,
      ).toBe(200);
      expect(h.vault.requestLog.entries().map(e => e.namespace)).toEqual([
        null,
        'elsewhere',
        'posture/',
        null,
      ]);
    } finally {
      await h.server.close();
    }
  });
});
