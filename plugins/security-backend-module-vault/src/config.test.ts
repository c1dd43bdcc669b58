import { ConfigReader } from '@backstage/config';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { readVaultConfig } from './config';

const read = (security: object) =>
  readVaultConfig(new ConfigReader({ security }));
const token = { method: 'token', token: 'hvs.x' };

describe('readVaultConfig', () => {
  it('is undefined without security.vault.baseUrl', () => {
    expect(readVaultConfig(new ConfigReader({}))).toBeUndefined();
    expect(read({ vault: { auth: token } })).toBeUndefined();
  });

  it('applies the defaults', () => {
    expect(
      read({
        vault: { baseUrl: 'https://vault.example.com:8200/', auth: token },
      }),
    ).toEqual({
      baseUrl: 'https://vault.example.com:8200',
      publicUrl: 'https://vault.example.com:8200',
      namespace: undefined,
      auth: { method: 'token', token: 'hvs.x' },
      kvMount: 'secret',
      databaseMount: 'database',
      concurrency: 4,
      requestsPerSecond: 20,
      timeoutMs: 10_000,
      retries: 3,
      tlsCa: undefined,
      schedule: { frequency: { minutes: 30 }, timeout: { minutes: 15 } },
      defaultMaxAgeDays: 90,
    });
  });

  it('reads every key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'posture-vault-'));
    const ca = path.join(dir, 'ca.pem');
    fs.writeFileSync(
      ca,
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    );
    const config = read({
      vault: {
        baseUrl: 'https://vault.internal:8200',
        publicUrl: 'https://vault.example.com',
        namespace: 'admin/posture',
        auth: { method: 'approle', roleId: 'r', secretId: 's' },
        kvMount: '/kv-apps/',
        databaseMount: 'db-prod',
        concurrency: 2,
        requestsPerSecond: 5.5,
        timeoutMs: 3000,
        retries: 0,
        tlsCa: ca,
        schedule: { hours: 1 },
      },
      policy: { secrets: { maxAgeDays: 30 } },
    });
    expect(config).toMatchObject({
      publicUrl: 'https://vault.example.com',
      namespace: 'admin/posture',
      auth: {
        method: 'approle',
        roleId: 'r',
        secretId: 's',
        mountPath: 'approle',
      },
      kvMount: 'kv-apps',
      databaseMount: 'db-prod',
      concurrency: 2,
      requestsPerSecond: 5.5,
      timeoutMs: 3000,
      retries: 0,
      schedule: { frequency: { hours: 1 }, timeout: { minutes: 15 } },
      defaultMaxAgeDays: 30,
    });
    expect(config?.tlsCa).toContain('BEGIN CERTIFICATE');
  });

  it('reads kubernetes auth with its defaults', () => {
    expect(
      read({
        vault: {
          baseUrl: 'http://v:8200',
          auth: { method: 'kubernetes', role: 'posture' },
        },
      })?.auth,
    ).toEqual({
      method: 'kubernetes',
      role: 'posture',
      mountPath: 'kubernetes',
      tokenPath: '/var/run/secrets/kubernetes.io/serviceaccount/token',
    });
  });

  it('reads a full task schedule', () => {
    expect(
      read({
        vault: {
          baseUrl: 'http://v:8200',
          auth: token,
          schedule: {
            frequency: { cron: '0 * * * *' },
            timeout: { minutes: 5 },
          },
        },
      })?.schedule,
    ).toEqual({ frequency: { cron: '0 * * * *' }, timeout: { minutes: 5 } });
  });

  it.each([
    [
      { baseUrl: 'vault:8200', auth: token },
      /security\.vault\.baseUrl: "vault:8200" must be an http or https URL/,
    ],
    [
      { baseUrl: 'not a url', auth: token },
      /security\.vault\.baseUrl: "not a url" is not a URL/,
    ],
    [
      { baseUrl: 'http://v' },
      /security\.vault\.auth: is required when security\.vault\.baseUrl is set/,
    ],
    [
      { baseUrl: 'http://v', auth: { method: 'ldap' } },
      /security\.vault\.auth\.method: "ldap" is not one of token, kubernetes, approle/,
    ],
    [
      { baseUrl: 'http://v', auth: { method: 'token' } },
      /security\.vault\.auth\.token/,
    ],
    [
      { baseUrl: 'http://v', auth: { method: 'approle', roleId: 'r' } },
      /security\.vault\.auth\.secretId/,
    ],
    [
      { baseUrl: 'http://v', auth: { method: 'kubernetes' } },
      /security\.vault\.auth\.role/,
    ],
    [
      { baseUrl: 'http://v', auth: token, concurrency: 0 },
      /security\.vault\.concurrency: 0 must be a whole number above 0/,
    ],
    [
      { baseUrl: 'http://v', auth: token, concurrency: 1.5 },
      /security\.vault\.concurrency/,
    ],
    [
      { baseUrl: 'http://v', auth: token, requestsPerSecond: -1 },
      /security\.vault\.requestsPerSecond/,
    ],
    [
      { baseUrl: 'http://v', auth: token, timeoutMs: 'fast' },
      /security\.vault\.timeoutMs/,
    ],
    [
      { baseUrl: 'http://v', auth: token, retries: -1 },
      /security\.vault\.retries: -1 must be a whole number of 0 or more/,
    ],
    [
      { baseUrl: 'http://v', auth: token, kvMount: '/' },
      /security\.vault\.kvMount: must name a mount/,
    ],
    [
      { baseUrl: 'http://v', auth: token, tlsCa: '/nonexistent/ca.pem' },
      /security\.vault\.tlsCa: cannot read \/nonexistent\/ca\.pem: ENOENT/,
    ],
    [
      { baseUrl: 'http://v', auth: token, schedule: { fortnights: 1 } },
      /security\.vault\.schedule/,
    ],
  ])('fails fast naming the key: %j', (vault, message) => {
    expect(() => read({ vault })).toThrow(message);
  });

  it('fails fast on a bad default maximum age', () => {
    expect(() =>
      read({
        vault: { baseUrl: 'http://v', auth: token },
        policy: { secrets: { maxAgeDays: 0 } },
      }),
    ).toThrow(/security\.policy\.secrets\.maxAgeDays/);
  });

  it('never puts the token in an error', () => {
    let message = '';
    try {
      read({
        vault: {
          baseUrl: 'http://v',
          auth: { method: 'token', token: 'hvs.SECRET' },
          concurrency: -1,
        },
      });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/security\.vault\.concurrency/);
    expect(message).not.toContain('hvs.SECRET');
  });
});
