import { ConfigReader } from '@backstage/config';
import { readVaultConfig } from '../config';
import { readVaultProvisionerConfig } from './provisionerConfig';

const reader = { method: 'token', token: 'hvs.reader' };
const writer = { method: 'token', token: 'hvs.writer' };

function read(provisioner: object, vault: object = {}) {
  const root = new ConfigReader({
    security: {
      vault: {
        baseUrl: 'http://vault:8200',
        auth: reader,
        ...vault,
        provisioner,
      },
    },
  });
  return readVaultProvisionerConfig(root, readVaultConfig(root));
}

describe('readVaultProvisionerConfig', () => {
  it('is undefined without security.vault.provisioner', () => {
    const root = new ConfigReader({
      security: { vault: { baseUrl: 'http://vault:8200', auth: reader } },
    });
    expect(readVaultProvisionerConfig(root, readVaultConfig(root))).toBe(
      undefined,
    );
  });

  it('applies the defaults, taking the mounts of security.vault', () => {
    expect(
      read(
        {
          auth: writer,
          mounts: ['/kv-apps/', 'db'],
          pathPrefixes: ['default', '/team-a/'],
        },
        { kvMount: 'kv-apps', databaseMount: 'db' },
      ),
    ).toEqual({
      auth: writer,
      mounts: ['kv-apps', 'db'],
      pathPrefixes: ['default/', 'team-a/'],
      kvMount: 'kv-apps',
      databaseMount: 'db',
      databaseName: undefined,
      policyPrefix: 'posture-secret-',
      maxVersions: 10,
    });
  });

  it.each([
    [
      { auth: writer, pathPrefixes: ['default/'] },
      /provisioner\.mounts: must list/,
    ],
    [
      { auth: writer, mounts: ['secret'] },
      /provisioner\.pathPrefixes: must list/,
    ],
    [
      { auth: writer, mounts: ['secret'], pathPrefixes: ['a/../b'] },
      /provisioner\.pathPrefixes\[0\]: "a\/..\/b" must be a folder/,
    ],
    [
      { auth: writer, mounts: ['secret'], pathPrefixes: ['team-*/'] },
      /provisioner\.pathPrefixes\[0\]/,
    ],
    [
      { auth: writer, mounts: ['database'], pathPrefixes: ['default/'] },
      /provisioner\.kvMount: "secret" is not one of security\.vault\.provisioner\.mounts \(database\)/,
    ],
    [
      { auth: reader, mounts: ['secret'], pathPrefixes: ['default/'] },
      /provisioner\.auth: must be a Vault identity of its own/,
    ],
    [
      { mounts: ['secret'], pathPrefixes: ['default/'] },
      /provisioner\.auth: is required/,
    ],
    [
      {
        auth: writer,
        mounts: ['secret'],
        pathPrefixes: ['default/'],
        policyPrefix: 'Posture "x"',
      },
      /provisioner\.policyPrefix/,
    ],
  ])('refuses %j', (provisioner, message) => {
    expect(() => read(provisioner)).toThrow(message);
  });
});
