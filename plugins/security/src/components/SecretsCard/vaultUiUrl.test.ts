import { vaultUiUrl } from './vaultUiUrl';

const kv = { kind: 'kv', engine: 'secret', path: 'payments/stripe' } as const;
const role = {
  kind: 'database-static-role',
  engine: 'database',
  path: 'ledger-db',
} as const;

describe('vaultUiUrl', () => {
  it('links a KV secret to its details page, with the path as one segment', () => {
    expect(vaultUiUrl(kv, { publicUrl: 'http://localhost:8200' })).toBe(
      'http://localhost:8200/ui/vault/secrets/secret/kv/payments%2Fstripe/details',
    );
  });

  it('links a database static role to its role page', () => {
    expect(vaultUiUrl(role, { publicUrl: 'http://localhost:8200' })).toBe(
      'http://localhost:8200/ui/vault/secrets/database/show/role/ledger-db',
    );
  });

  it('adds the namespace to both kinds of link', () => {
    const config = {
      publicUrl: 'https://vault.example.com',
      namespace: 'admin/team-a',
    };

    expect(vaultUiUrl(kv, config)).toBe(
      'https://vault.example.com/ui/vault/secrets/secret/kv/payments%2Fstripe/details?namespace=admin%2Fteam-a',
    );
    expect(vaultUiUrl(role, config)).toBe(
      'https://vault.example.com/ui/vault/secrets/database/show/role/ledger-db?namespace=admin%2Fteam-a',
    );
  });

  it('tolerates a trailing slash on the URL and slashes around the mount', () => {
    expect(
      vaultUiUrl(
        { kind: 'kv', engine: '/team/kv/', path: 'a b' },
        { publicUrl: 'https://vault.example.com/', namespace: '' },
      ),
    ).toBe(
      'https://vault.example.com/ui/vault/secrets/team%2Fkv/kv/a%20b/details',
    );
  });
});
