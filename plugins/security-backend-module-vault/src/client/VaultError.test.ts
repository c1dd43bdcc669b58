import { readVaultFixture } from '../__testUtils__/fixtures';
import { vaultErrorForStatus, vaultErrorMessages } from './VaultError';
import { buildVaultRequest } from './vaultRoutes';

const metadata = buildVaultRequest({
  name: 'kv-metadata',
  mount: 'secret',
  path: 'x',
});

describe('vaultErrorMessages', () => {
  it('reads the documented error body', () => {
    expect(vaultErrorMessages(readVaultFixture('error-response.json'))).toEqual(
      ['message', 'another message'],
    );
  });

  it('unwraps go-multierror text', () => {
    expect(
      vaultErrorMessages(
        readVaultFixture('derived/error-403-policy-denied.DERIVED.json'),
      ),
    ).toEqual(['permission denied']);
  });

  it('is empty for an empty errors array or a body that is not Vault', () => {
    expect(
      vaultErrorMessages(
        readVaultFixture('derived/error-404-not-found.DERIVED.json'),
      ),
    ).toEqual([]);
    expect(vaultErrorMessages(null)).toEqual([]);
    expect(vaultErrorMessages('<html>')).toEqual([]);
  });
});

describe('vaultErrorForStatus', () => {
  const policyDenied = readVaultFixture(
    'derived/error-403-policy-denied.DERIVED.json',
  );

  it.each([
    [
      403,
      policyDenied,
      'permission-denied',
      "permission denied: the Posture token's policy does not allow reading metadata at secret/metadata/x",
    ],
    [404, { errors: [] }, 'not-found', 'not found in Vault: secret/metadata/x'],
    [
      412,
      null,
      'inconsistent',
      'Vault is not yet consistent (412) for secret/metadata/x',
    ],
    [
      429,
      {
        errors: ['request path "secret/metadata/x": rate limit quota exceeded'],
      },
      'rate-limited',
      'Vault rate limited reading metadata at secret/metadata/x (429)',
    ],
    [
      503,
      { errors: ['Vault is sealed'] },
      'sealed',
      'Vault is sealed or unavailable (503) while reading metadata at secret/metadata/x',
    ],
    [
      500,
      { errors: ['internal error'] },
      'server',
      'Vault failed (500) while reading metadata at secret/metadata/x: internal error',
    ],
    [
      502,
      null,
      'server',
      'Vault failed (502) while reading metadata at secret/metadata/x',
    ],
    [
      400,
      readVaultFixture('error-response.json'),
      'bad-request',
      'Vault rejected reading metadata at secret/metadata/x (400): message; another message',
    ],
    [
      401,
      null,
      'auth',
      'Vault rejected reading metadata at secret/metadata/x (401)',
    ],
    [
      307,
      null,
      'bad-request',
      'Vault redirected reading metadata at secret/metadata/x (307); point security.vault.baseUrl at the active node or its load balancer',
    ],
  ])('maps %i', (status, body, kind, message) => {
    const error = vaultErrorForStatus(status, metadata, body);
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.message).toBe(message);
  });

  it('names the action in 403s of lists and static roles', () => {
    expect(
      vaultErrorForStatus(
        403,
        buildVaultRequest({
          name: 'kv-list',
          mount: 'secret',
          folder: 'team/',
        }),
        policyDenied,
      ).message,
    ).toBe(
      "permission denied: the Posture token's policy does not allow listing metadata at secret/metadata/team/",
    );
    expect(
      vaultErrorForStatus(
        403,
        buildVaultRequest({
          name: 'static-role',
          mount: 'database',
          role: 'db',
        }),
        policyDenied,
      ).message,
    ).toBe(
      "permission denied: the Posture token's policy does not allow reading static role at database/static-roles/db",
    );
  });

  it('treats refused logins and token lookups as authentication failures', () => {
    const login = vaultErrorForStatus(
      400,
      buildVaultRequest({
        name: 'login',
        method: 'approle',
        authMount: 'approle',
      }),
      { errors: ['invalid role or secret ID'] },
    );
    expect(login.kind).toBe('auth');
    expect(login.message).toBe(
      'Vault rejected logging in with approle at auth/approle/login (400): invalid role or secret ID',
    );
    const lookup = vaultErrorForStatus(
      403,
      buildVaultRequest({ name: 'token-lookup-self' }),
      readVaultFixture('derived/error-403-invalid-token.DERIVED.json'),
    );
    expect(lookup.kind).toBe('auth');
    expect(lookup.message).toMatch(/invalid, expired or revoked/);
  });

  it('says which failures mean Vault itself is unavailable', () => {
    const kinds = [403, 404, 412, 429, 400, 500, 503].map(s => [
      s,
      vaultErrorForStatus(s, metadata, null).unavailable,
    ]);
    expect(kinds).toEqual([
      [403, false],
      [404, false],
      [412, false],
      [429, false],
      [400, false],
      [500, true],
      [503, true],
    ]);
  });
});
