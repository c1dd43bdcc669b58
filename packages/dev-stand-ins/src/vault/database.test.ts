import { frozenClock, Harness, startHarness } from './__testUtils__/harness';

describe('database secrets engine', () => {
  let h: Harness;
  const clock = frozenClock();

  beforeEach(async () => {
    h = await startHarness({
      now: clock.now,
      databaseMounts: ['database', 'db-payments'],
    });
    const db = h.vault.state.database.mount('database');
    db.putStaticRole('ledger-db', {
      username: 'ledger',
      dbName: 'ledger-pg',
      rotationPeriod: 86400,
      lastVaultRotation: new Date(clock.now().getTime() - 3600_000),
      password: 'static-password-value',
    });
    db.putStaticRole('invoice-db', {
      username: 'invoice',
      dbName: 'pg',
      rotationPeriod: 86400,
    });
    db.putDynamicRole('readonly', { dbName: 'pg', defaultTtl: 600 });
  });

  afterEach(() => h.server.close());

  it('reads a static role with rotation_period in seconds and no password', async () => {
    const res = await h.call('GET', '/v1/database/static-roles/ledger-db');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      credential_type: 'password',
      db_name: 'ledger-pg',
      username: 'ledger',
      rotation_statements: [
        'ALTER USER "{{name}}" WITH PASSWORD \'{{password}}\';',
      ],
      rotation_period: 86400,
      last_vault_rotation: '2025-06-01T11:00:00.000Z',
    });
    expect(res.text).not.toContain('static-password-value');
  });

  it('lists static roles with LIST and with ?list=true, sorted', async () => {
    const viaList = await h.call('LIST', '/v1/database/static-roles');
    const viaGet = await h.call('GET', '/v1/database/static-roles?list=true');
    expect(viaList.body.data).toEqual({ keys: ['invoice-db', 'ledger-db'] });
    expect(viaGet.body.data).toEqual(viaList.body.data);
    const empty = await h.call('LIST', '/v1/db-payments/static-roles/');
    expect(empty).toMatchObject({ status: 404, body: { errors: [] } });
  });

  it('answers a missing static role with 404', async () => {
    const res = await h.call('GET', '/v1/database/static-roles/nope');
    expect(res).toMatchObject({ status: 404, body: { errors: [] } });
  });

  it('returns the password only from static-creds, with the time left to rotation', async () => {
    const res = await h.call('GET', '/v1/database/static-creds/ledger-db');
    expect(res.body.data).toEqual({
      username: 'ledger',
      password: 'static-password-value',
      last_vault_rotation: '2025-06-01T11:00:00.000Z',
      rotation_period: 86400,
      ttl: 82800,
    });
    const unknown = await h.call('GET', '/v1/database/static-creds/nope');
    expect(unknown).toMatchObject({
      status: 400,
      body: { errors: ['unknown role: nope'] },
    });
  });

  it('issues dynamic credentials with a lease', async () => {
    const res = await h.call('GET', '/v1/database/creds/readonly');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ renewable: true, lease_duration: 600 });
    expect(res.body.data).toEqual({
      username: expect.any(String),
      password: expect.any(String),
    });
    const unknown = await h.call('GET', '/v1/database/creds/nope');
    expect(unknown.body).toEqual({ errors: ['unknown role: nope'] });
  });

  it('rotates a static role on POST rotate-role', async () => {
    clock.advance(60);
    const res = await h.call('POST', '/v1/database/rotate-role/invoice-db', {
      body: {},
    });
    expect(res.status).toBe(204);
    const role = await h.call('GET', '/v1/database/static-roles/invoice-db');
    expect(role.body.data.last_vault_rotation).toBe('2025-06-01T12:01:00.000Z');
  });

  it('creates a static role with POST and rotates it at once, as Vault does', async () => {
    const res = await h.call('POST', '/v1/db-payments/static-roles/new-db', {
      body: { username: 'new', db_name: 'pg', rotation_period: '1h' },
    });
    expect(res.status).toBe(204);
    const role = await h.call('GET', '/v1/db-payments/static-roles/new-db');
    expect(role.body.data).toMatchObject({
      rotation_period: 3600,
      username: 'new',
    });
    expect(role.body.data.last_vault_rotation).toBeDefined();
  });
});
