import { Harness, startHarness } from './__testUtils__/harness';

describe('sys/health and the seal', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
    h.vault.state.kv.mount('secret').write('a', { b: 'c' });
    h.vault.state.auth.setAppRole('r', {
      roleId: 'id',
      secretIds: ['s'],
      policies: [],
    });
  });

  afterEach(() => h.server.close());

  it('answers 200 for an active node, without a token', async () => {
    const res = await h.call('GET', '/v1/sys/health', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      initialized: true,
      sealed: false,
      standby: false,
    });
    expect(res.body.cluster_name).toBeDefined();
  });

  it('answers 503 when sealed, without cluster details, and 501 when not initialised', async () => {
    h.vault.state.sealed = true;
    const sealed = await h.call('GET', '/v1/sys/health', { token: null });
    expect(sealed.status).toBe(503);
    expect(sealed.body.sealed).toBe(true);
    expect(sealed.body).not.toHaveProperty('cluster_name');
    expect(sealed.body).not.toHaveProperty('cluster_id');

    h.vault.state.health.initialized = false;
    const uninit = await h.call('GET', '/v1/sys/health', { token: null });
    expect(uninit.status).toBe(501);
    expect(uninit.body.initialized).toBe(false);
  });

  it('answers 429 for a standby unless standbyok, and honours code overrides', async () => {
    h.vault.state.health.standby = true;
    expect((await h.call('GET', '/v1/sys/health')).status).toBe(429);
    expect((await h.call('GET', '/v1/sys/health?standbyok=true')).status).toBe(
      200,
    );
    h.vault.state.health.standby = false;
    h.vault.state.sealed = true;
    expect((await h.call('GET', '/v1/sys/health?sealedcode=200')).status).toBe(
      200,
    );
    const bad = await h.call('GET', '/v1/sys/health?sealedcode=abc');
    expect(bad).toMatchObject({ status: 400, body: { errors: [] } });
  });

  it('answers every other path with 503 "Vault is sealed" while sealed', async () => {
    h.vault.state.sealed = true;
    const requests: Array<[string, string, unknown?]> = [
      ['GET', '/v1/secret/metadata/a'],
      ['LIST', '/v1/secret/metadata/'],
      ['GET', '/v1/auth/token/lookup-self'],
      ['POST', '/v1/auth/approle/login', { role_id: 'id', secret_id: 's' }],
      ['GET', '/v1/database/static-roles/x'],
      ['GET', '/v1/no/such/mount'],
    ];
    for (const [method, path, body] of requests) {
      const res = await h.call(method, path, { body });
      expect({ path, status: res.status, body: res.body }).toEqual({
        path,
        status: 503,
        body: { errors: ['Vault is sealed'] },
      });
    }
    h.vault.state.sealed = false;
    expect((await h.call('GET', '/v1/secret/metadata/a')).status).toBe(200);
  });
});
