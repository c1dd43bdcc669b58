import { seedVaultDemo } from './demoSeed';
import { frozenClock, Harness, startHarness } from './__testUtils__/harness';

/** The link the Security tab makes (plugins/security vaultUiUrl): each part one encoded segment. */
function kvPageUrl(mount: string, path: string): string {
  return `/ui/vault/secrets/${encodeURIComponent(
    mount,
  )}/kv/${encodeURIComponent(path)}/details`;
}

function rolePageUrl(mount: string, name: string): string {
  return `/ui/vault/secrets/${encodeURIComponent(
    mount,
  )}/show/role/${encodeURIComponent(name)}`;
}

/**
 * The secret parts of a seeded value (passwords, keys), so a test can check none reaches a
 * page; a username such as the service's own name may well appear in its path.
 */
function secretStrings(data: Record<string, unknown> | null): string[] {
  return Object.entries(data ?? {})
    .filter(([key]) => key !== 'username')
    .map(([, value]) => String(value));
}

describe('Vault UI pages of the stand-in', () => {
  const clock = frozenClock('2025-06-01T12:00:00.000Z');
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ now: clock.now });
    seedVaultDemo(h.vault.state, clock.now());
  });

  afterAll(() => h.server.close());

  it('shows every seeded KV secret the tab links to, with its versions and never a value', async () => {
    const mounts = h.vault.state.kv.names();
    expect(mounts.length).toBeGreaterThan(0);
    let checked = 0;
    for (const mountName of mounts) {
      const mount = h.vault.state.kv.mount(mountName);
      for (const secret of mount.secrets.values()) {
        const res = await h.call('GET', kvPageUrl(mountName, secret.path), {
          token: null,
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe(
          'text/html; charset=utf-8',
        );
        expect(res.text).toContain(`<h1>${mountName}/${secret.path}</h1>`);
        expect(res.text).toContain(
          `<dt>Current version</dt><dd>${secret.currentVersion}</dd>`,
        );
        for (const version of secret.versions.values()) {
          expect(res.text).toContain(version.createdTime.toISOString());
          for (const value of secretStrings(version.data)) {
            expect(res.text).not.toContain(value);
          }
        }
        checked += secretStrings(
          secret.versions.get(secret.currentVersion)?.data ?? null,
        ).length;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('says which versions are deleted or destroyed', async () => {
    const states: string[] = [];
    for (const mountName of h.vault.state.kv.names()) {
      for (const secret of h.vault.state.kv.mount(mountName).secrets.values()) {
        const res = await h.call('GET', kvPageUrl(mountName, secret.path));
        states.push(
          ...[...res.text.matchAll(/<td>(deleted|destroyed)<\/td>/g)].map(
            m => m[1],
          ),
        );
      }
    }
    expect(states).toEqual(expect.arrayContaining(['deleted', 'destroyed']));
  });

  it("shows a static role's rotation facts without its password", async () => {
    const database = h.vault.state.database.mount('database');
    const [role] = [...database.staticRoles.values()];
    const res = await h.call('GET', rolePageUrl('database', role.name));
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<h1>Static role ${role.name}</h1>`);
    expect(res.text).toContain(`<dd>${role.username}</dd>`);
    expect(res.text).toContain('<dt>Rotation period</dt><dd>24h0m0s</dd>');
    expect(res.text).not.toContain(role.password);
  });

  it('answers an unknown secret, mount or role with a 404 page naming it', async () => {
    for (const [url, name] of [
      [kvPageUrl('secret', 'no/such/secret'), 'secret/no/such/secret'],
      [kvPageUrl('no-mount', 'x'), 'no-mount/x'],
      [rolePageUrl('database', 'no-role'), 'database/no-role'],
    ]) {
      const res = await h.call('GET', url);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.text).toContain(name);
    }
  });

  it('escapes names, and forbids scripts on its pages', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    h.vault.state.kv.addMount('secret').write(hostile, { k: 'value-xyz' });
    const res = await h.call('GET', kvPageUrl('secret', hostile));
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<img');
    expect(res.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    );
  });

  it('leaves the API as it was: a UI page is no way into /v1', async () => {
    const res = await h.call('GET', '/ui/vault/secrets');
    expect(res.status).toBe(404);
    expect(res.text).toBe('404 page not found\n');
  });
});
