import {
  ENVELOPE_KEYS,
  keyTree,
  typeTree,
  vaultFixture,
} from './__testUtils__/fixtures';
import { frozenClock, Harness, startHarness } from './__testUtils__/harness';

/*
 * The stand-in's answers have the same keys, at every depth, as the recorded responses in
 * fixtures/vault. Those recordings (from Vault's docs) show only `data`; the envelope
 * around it is checked against Vault 1.14's HTTPResponse struct.
 */
describe('Vault stand-in envelopes match the recorded fixtures', () => {
  let h: Harness;
  const clock = frozenClock();

  beforeAll(async () => {
    h = await startHarness({ now: clock.now });
    const kv = h.vault.state.kv.mount('secret');
    // Mirrors kv2-read-secret-metadata.json: three versions and three custom keys.
    for (let i = 0; i < 3; i++) kv.write('foo', { foo: `bar-${i}` });
    kv.writeMetadata('foo', {
      customMetadata: { foo: 'abc', bar: '123', baz: '5c07d823' },
    });
    // Makes the root list ["foo", "foo/"], as in kv2-list-secrets.json.
    kv.write('foo/nested', { a: 'b' });
    kv.write('versioned', { foo: 'old' });
    kv.write('versioned', { foo: 'bar' });
    kv.writeMetadata('versioned', {
      customMetadata: { owner: 'jdoe', mission_critical: 'false' },
    });
    const db = h.vault.state.database.mount('database');
    db.putStaticRole('never-rotated', {
      username: 'static-user',
      dbName: 'mysql',
      rotationPeriod: 3600,
    });
    db.putStaticRole('rotated', {
      username: 'static-user',
      dbName: 'mysql',
      rotationPeriod: 30,
      lastVaultRotation: new Date(clock.now().getTime() - 2000),
    });
    db.putDynamicRole('readonly', { dbName: 'mysql' });
  });

  afterAll(() => h.server.close());

  it('GET metadata has the keys and JSON types of kv2-read-secret-metadata.json', async () => {
    const fixture = vaultFixture('kv2-read-secret-metadata.json');
    const res = await h.call('GET', '/v1/secret/metadata/foo');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(ENVELOPE_KEYS);
    expect(keyTree(res.body.data)).toEqual(keyTree(fixture.data));
    expect(typeTree(res.body.data)).toEqual(typeTree(fixture.data));
    expect(res.body.data.current_version).toBe(3);
    expect(res.body.data.delete_version_after).toBe('0s');
  });

  it('LIST metadata answers exactly kv2-list-secrets.json', async () => {
    const fixture = vaultFixture('kv2-list-secrets.json');
    const res = await h.call('LIST', '/v1/secret/metadata/');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(ENVELOPE_KEYS);
    expect(res.body.data).toEqual({ keys: ['foo', 'foo/', 'versioned'] });
    expect(keyTree(res.body.data)).toEqual(keyTree(fixture.data));
  });

  it('GET data has the keys and types of kv2-read-secret-version.json', async () => {
    const fixture = vaultFixture('kv2-read-secret-version.json');
    const res = await h.call('GET', '/v1/secret/data/versioned?version=2');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(ENVELOPE_KEYS);
    expect(typeTree(res.body.data)).toEqual(typeTree(fixture.data));
    expect(res.body.data.data).toEqual({ foo: 'bar' });
  });

  it('a data write answers with the version metadata fields of the read', async () => {
    const fixture = vaultFixture('kv2-read-secret-version.json');
    const res = await h.call('POST', '/v1/secret/data/written', {
      body: { data: { foo: 'bar' } },
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.data).sort()).toEqual(
      Object.keys(fixture.data.metadata).sort(),
    );
    expect(res.body.data.custom_metadata).toBeNull();
  });

  it('lookup-self has the keys and types of auth-token-lookup-self.json', async () => {
    const fixture = vaultFixture('auth-token-lookup-self.json');
    const token = h.vault.state.tokens.create({
      policies: ['testgroup2-policy'],
      identityPolicies: ['dev-group-policy'],
      meta: { username: 'tesla' },
      displayName: 'ldap2-tesla',
      path: 'auth/ldap2/login/tesla',
      ttl: 2764800,
    });
    const res = await h.call('GET', '/v1/auth/token/lookup-self', {
      token: token.id,
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(ENVELOPE_KEYS);
    expect(typeTree(res.body.data)).toEqual(typeTree(fixture.data));
    expect(res.body.data.policies).toEqual(['default', 'testgroup2-policy']);
  });

  it('sys/health has the keys and types of sys-health.json, outside any envelope', async () => {
    const fixture = vaultFixture('sys-health.json');
    const res = await h.call('GET', '/v1/sys/health', { token: null });
    expect(res.status).toBe(200);
    expect(typeTree(res.body)).toEqual(typeTree(fixture));
  });

  it('a static role has the keys of database-static-role.json and never the password', async () => {
    const fixture = vaultFixture('database-static-role.json');
    const fresh = await h.call(
      'GET',
      '/v1/database/static-roles/never-rotated',
    );
    expect(fresh.status).toBe(200);
    expect(Object.keys(fresh.body).sort()).toEqual(ENVELOPE_KEYS);
    expect(keyTree(fresh.body.data)).toEqual(keyTree(fixture.data));
    // The docs example prints "1h"; the server returns seconds as a number.
    expect(fresh.body.data.rotation_period).toBe(3600);

    const rotated = await h.call('GET', '/v1/database/static-roles/rotated');
    expect(Object.keys(rotated.body.data).sort()).toEqual(
      [...Object.keys(fixture.data), 'last_vault_rotation'].sort(),
    );
    expect(rotated.body.data).not.toHaveProperty('password');
    const { password } = h.vault.state.database
      .mount('database')
      .staticRoles.get('rotated')!;
    expect(rotated.text).not.toContain(password);
  });

  it('static-creds has the keys and types of database-static-creds.json', async () => {
    const fixture = vaultFixture('database-static-creds.json');
    const res = await h.call('GET', '/v1/database/static-creds/rotated');
    expect(res.status).toBe(200);
    expect(typeTree(res.body.data)).toEqual(typeTree(fixture.data));
    expect(res.body.data.ttl).toBe(28);
  });

  it('dynamic creds have the keys of database-creds.json and a lease', async () => {
    const fixture = vaultFixture('database-creds.json');
    const res = await h.call('GET', '/v1/database/creds/readonly');
    expect(res.status).toBe(200);
    expect(typeTree(res.body.data)).toEqual(typeTree(fixture.data));
    expect(res.body.lease_id).toMatch(/^database\/creds\/readonly\//);
    expect(res.body.renewable).toBe(true);
    expect(res.body.lease_duration).toBe(3600);
  });

  it('error bodies are the DERIVED fixtures byte for byte', async () => {
    const unknownToken = await h.call('GET', '/v1/secret/metadata/foo', {
      token: 'hvs.unknown',
    });
    expect(unknownToken.status).toBe(403);
    expect(unknownToken.body).toEqual(
      vaultFixture('derived/error-403-invalid-token.DERIVED.json'),
    );

    const missing = await h.call('GET', '/v1/secret/metadata/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(
      vaultFixture('derived/error-404-not-found.DERIVED.json'),
    );

    h.vault.state.policies.set({
      name: 'nothing',
      paths: { 'secret/metadata/other': ['read'] },
    });
    const weak = h.vault.state.tokens.create({ policies: ['nothing'] });
    const denied = await h.call('GET', '/v1/secret/metadata/foo', {
      token: weak.id,
    });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual(
      vaultFixture('derived/error-403-policy-denied.DERIVED.json'),
    );
    expect(keyTree(denied.body)).toEqual(
      keyTree(vaultFixture('error-response.json')),
    );
    expect(denied.headers.get('content-type')).toBe('application/json');
  });
});

describe('mount_type (Vault 1.15+) is opt-in', () => {
  it('adds mount_type to envelopes only when asked', async () => {
    const h = await startHarness({ includeMountType: true });
    try {
      h.vault.state.kv.mount('secret').write('a', { b: 'c' });
      const res = await h.call('GET', '/v1/secret/metadata/a');
      expect(Object.keys(res.body).sort()).toEqual(
        [...ENVELOPE_KEYS, 'mount_type'].sort(),
      );
      expect(res.body.mount_type).toBe('kv');
    } finally {
      await h.server.close();
    }
  });
});
