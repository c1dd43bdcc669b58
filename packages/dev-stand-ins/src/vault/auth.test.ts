import { ENVELOPE_KEYS } from './__testUtils__/fixtures';
import { frozenClock, Harness, startHarness } from './__testUtils__/harness';

const AUTH_KEYS = [
  'accessor',
  'client_token',
  'entity_id',
  'lease_duration',
  'metadata',
  'mfa_requirement',
  'num_uses',
  'orphan',
  'policies',
  'renewable',
  'token_policies',
  'token_type',
];

describe('tokens', () => {
  let h: Harness;
  let clock: ReturnType<typeof frozenClock>;

  beforeEach(async () => {
    clock = frozenClock();
    h = await startHarness({ now: clock.now });
    h.vault.state.kv.mount('secret').write('a', { b: 'c' });
  });

  afterEach(() => h.server.close());

  it('refuses requests without a token, or with an unknown one', async () => {
    for (const token of [null, 'hvs.nope']) {
      const res = await h.call('GET', '/v1/secret/metadata/a', { token });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ errors: ['permission denied'] });
    }
  });

  it('accepts the token as Authorization: Bearer too', async () => {
    const res = await h.call('GET', '/v1/secret/metadata/a', {
      token: null,
      headers: { Authorization: `Bearer ${h.vault.rootToken}` },
    });
    expect(res.status).toBe(200);
  });

  it('looks up the root token without lease fields', async () => {
    const res = await h.call('GET', '/v1/auth/token/lookup-self');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      policies: ['root'],
      path: 'auth/token/root',
      ttl: 0,
      expire_time: null,
      creation_ttl: 0,
    });
    expect(res.body.data).not.toHaveProperty('renewable');
    expect(res.body.data).not.toHaveProperty('issue_time');
  });

  it('expires tokens by the injected clock', async () => {
    const token = h.vault.state.tokens.create({
      policies: ['default'],
      ttl: 60,
    });
    const before = await h.call('GET', '/v1/auth/token/lookup-self', {
      token: token.id,
    });
    expect(before.status).toBe(200);
    expect(before.body.data.ttl).toBe(60);
    expect(before.body.data.expire_time).toBe('2025-06-01T12:01:00.000Z');

    clock.advance(59);
    const later = await h.call('GET', '/v1/auth/token/lookup-self', {
      token: token.id,
    });
    expect(later.body.data.ttl).toBe(1);

    clock.advance(1);
    const expired = await h.call('GET', '/v1/auth/token/lookup-self', {
      token: token.id,
    });
    expect(expired.status).toBe(403);
    expect(expired.body).toEqual({ errors: ['permission denied'] });
  });

  it("renews a token up to its explicit max TTL, with Vault's warning when capped", async () => {
    const token = h.vault.state.tokens.create({
      policies: ['default'],
      ttl: 600,
      explicitMaxTtl: 1000,
    });
    clock.advance(500);
    const renewed = await h.call('POST', '/v1/auth/token/renew-self', {
      token: token.id,
      body: {},
    });
    expect(renewed.status).toBe(200);
    expect(Object.keys(renewed.body).sort()).toEqual(ENVELOPE_KEYS);
    expect(renewed.body.data).toBeNull();
    expect(Object.keys(renewed.body.auth).sort()).toEqual(AUTH_KEYS);
    expect(renewed.body.auth.lease_duration).toBe(500);
    expect(renewed.body.auth.client_token).toBe(token.id);
    expect(renewed.body.warnings).toEqual([
      'TTL of "10m" exceeded the effective max_ttl of "8m20s"; TTL value is capped accordingly',
    ]);

    const lookup = await h.call('GET', '/v1/auth/token/lookup-self', {
      token: token.id,
    });
    expect(lookup.body.data.ttl).toBe(500);
    expect(lookup.body.data.last_renewal).toBe('2025-06-01T12:08:20.000Z');

    clock.advance(300);
    const withIncrement = await h.call('PUT', '/v1/auth/token/renew-self', {
      token: token.id,
      body: { increment: '1m' },
    });
    expect(withIncrement.body.auth.lease_duration).toBe(60);
    expect(withIncrement.body.warnings).toBeNull();
  });

  it('refuses to renew a non-renewable token and the root token', async () => {
    const token = h.vault.state.tokens.create({ ttl: 600, renewable: false });
    const res = await h.call('POST', '/v1/auth/token/renew-self', {
      token: token.id,
      body: {},
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: ['lease is not renewable'] });
    const root = await h.call('POST', '/v1/auth/token/renew-self', {
      body: {},
    });
    expect(root).toMatchObject({
      status: 400,
      body: { errors: ['invalid lease ID'] },
    });
  });

  it('revokes itself', async () => {
    const token = h.vault.state.tokens.create({ ttl: 600 });
    const res = await h.call('POST', '/v1/auth/token/revoke-self', {
      token: token.id,
    });
    expect(res.status).toBe(204);
    const after = await h.call('GET', '/v1/auth/token/lookup-self', {
      token: token.id,
    });
    expect(after.status).toBe(403);
  });
});

describe('machine logins', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
    h.vault.state.policies.set({
      name: 'reader',
      paths: { 'secret/metadata/*': ['read', 'list'] },
    });
    h.vault.state.auth.setKubernetesRole('posture', {
      jwts: ['good.jwt'],
      policies: ['reader'],
      ttl: 3600,
      serviceAccountName: 'posture',
      serviceAccountNamespace: 'backstage',
    });
    h.vault.state.auth.setAppRole('posture', {
      roleId: 'role-1',
      secretIds: ['secret-1'],
      policies: ['reader'],
      ttl: 1200,
    });
    h.vault.state.kv.mount('secret').write('x', { y: 'z' });
  });

  afterEach(() => h.server.close());

  it('logs in with Kubernetes and gets a token that works', async () => {
    const res = await h.call('POST', '/v1/auth/kubernetes/login', {
      token: null,
      body: { role: 'posture', jwt: 'good.jwt' },
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(ENVELOPE_KEYS);
    expect(Object.keys(res.body.auth).sort()).toEqual(AUTH_KEYS);
    expect(res.body.auth).toMatchObject({
      policies: ['default', 'reader'],
      token_policies: ['default', 'reader'],
      lease_duration: 3600,
      renewable: true,
      token_type: 'service',
      metadata: expect.objectContaining({
        role: 'posture',
        service_account_name: 'posture',
        service_account_namespace: 'backstage',
      }),
    });
    const use = await h.call('GET', '/v1/secret/metadata/x', {
      token: res.body.auth.client_token,
    });
    expect(use.status).toBe(200);
  });

  it('answers Kubernetes login failures as Vault does', async () => {
    const badJwt = await h.call('POST', '/v1/auth/kubernetes/login', {
      token: null,
      body: { role: 'posture', jwt: 'forged' },
    });
    expect(badJwt).toMatchObject({
      status: 403,
      body: { errors: ['permission denied'] },
    });
    const badRole = await h.call('POST', '/v1/auth/kubernetes/login', {
      token: null,
      body: { role: 'other', jwt: 'good.jwt' },
    });
    expect(badRole).toMatchObject({
      status: 400,
      body: { errors: ['invalid role name "other"'] },
    });
    const noRole = await h.call('POST', '/v1/auth/kubernetes/login', {
      token: null,
      body: { jwt: 'good.jwt' },
    });
    expect(noRole).toMatchObject({
      status: 400,
      body: { errors: ['missing role'] },
    });
  });

  it('logs in with AppRole', async () => {
    const res = await h.call('POST', '/v1/auth/approle/login', {
      token: null,
      body: { role_id: 'role-1', secret_id: 'secret-1' },
    });
    expect(res.status).toBe(200);
    expect(res.body.auth).toMatchObject({
      metadata: { role_name: 'posture' },
      lease_duration: 1200,
      token_policies: ['default', 'reader'],
    });
    expect(
      h.vault.state.tokens.lookup(res.body.auth.client_token),
    ).toBeDefined();
  });

  it('gives one answer for a wrong role_id and a wrong secret_id', async () => {
    for (const body of [
      { role_id: 'role-x', secret_id: 'secret-1' },
      { role_id: 'role-1', secret_id: 'secret-x' },
    ]) {
      const res = await h.call('POST', '/v1/auth/approle/login', {
        token: null,
        body,
      });
      expect(res).toMatchObject({
        status: 400,
        body: { errors: ['invalid role or secret ID'] },
      });
    }
    const missing = await h.call('POST', '/v1/auth/approle/login', {
      token: null,
      body: { role_id: 'role-1' },
    });
    expect(missing.body).toEqual({ errors: ['missing secret_id'] });
  });
});
