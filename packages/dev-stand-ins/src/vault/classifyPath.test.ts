import { classifyPath } from './classifyPath';

describe('classifyPath', () => {
  it.each([
    ['GET', '/v1/sys/health', 'health'],
    ['HEAD', 'sys/health', 'health'],
    ['GET', '/v1/secret/metadata/app/db', 'metadata'],
    ['LIST', '/v1/secret/metadata/app/', 'list'],
    ['GET', '/v1/secret/metadata/app/?list=true', 'list'],
    ['GET', '/v1/kv-payments/metadata/payments/ledger?list=1', 'list'],
    ['GET', '/v1/secret/metadata/app?list=false', 'metadata'],
    ['GET', '/v1/database/static-roles/ledger-db', 'role'],
    ['LIST', '/v1/database/static-roles', 'list'],
    ['GET', '/v1/database/static-roles?list=true', 'list'],
    ['GET', '/v1/database/roles/readonly', 'role'],
    ['GET', '/v1/auth/token/lookup-self', 'auth'],
    ['POST', '/v1/auth/token/renew-self', 'auth'],
    ['POST', '/v1/auth/kubernetes/login', 'auth'],
    ['POST', '/v1/auth/approle/login', 'auth'],
    ['GET', '/v1/secret/data/app/db', 'data'],
    ['POST', '/v1/secret/data/app/db', 'data'],
    ['GET', '/v1/secret/subkeys/app/db', 'data'],
    ['GET', '/v1/database/static-creds/ledger-db', 'credential'],
    ['GET', '/v1/database/creds/readonly', 'credential'],
    ['POST', '/v1/secret/metadata/app/db', 'other'],
    ['DELETE', '/v1/secret/metadata/app/db', 'other'],
    ['POST', '/v1/database/rotate-role/ledger-db', 'other'],
    ['GET', '/v1/sys/mounts', 'other'],
    ['GET', '/v1/unknown/thing', 'other'],
    ['LIST', '/v1/unknown/thing', 'list'],
  ])('%s %s is %s', (method, path, expected) => {
    expect(classifyPath(method, path)).toBe(expected);
  });

  it('treats the first segment as the mount, so secrets named like keywords are safe', () => {
    expect(classifyPath('GET', '/v1/data/metadata/x')).toBe('metadata');
    expect(classifyPath('GET', '/v1/secret/metadata/data/creds')).toBe(
      'metadata',
    );
  });

  it('uses known mount names when given, including nested mounts', () => {
    const mounts = { kv: ['team/kv'], database: ['db'] };
    expect(classifyPath('GET', '/v1/team/kv/data/x', mounts)).toBe('data');
    expect(classifyPath('GET', '/v1/team/kv/metadata/x', mounts)).toBe(
      'metadata',
    );
    expect(classifyPath('GET', '/v1/db/static-creds/r', mounts)).toBe(
      'credential',
    );
    expect(classifyPath('GET', '/v1/other/data/x', mounts)).toBe('other');
  });
});
