import { ConfigReader } from '@backstage/config';
import { readSecretRequestConfig } from './secretRequestConfig';

const read = (secretRequests?: object) =>
  readSecretRequestConfig(new ConfigReader({ security: { secretRequests } }));

describe('readSecretRequestConfig', () => {
  it('defaults to 7 days pending, an expiry pass every 15 minutes and no extra approvers', () => {
    expect(read()).toEqual({
      pendingTtlMs: 7 * 86_400_000,
      expiryFrequency: { minutes: 15 },
      approvers: [],
    });
  });

  it('reads durations as objects or ISO strings, and approvers as full refs (a bare name is a group)', () => {
    expect(
      read({
        pendingTtl: 'P2D',
        expiryFrequency: { hours: 1 },
        approvers: ['platform-security', 'user:default/Carol'],
      }),
    ).toEqual({
      pendingTtlMs: 2 * 86_400_000,
      expiryFrequency: { hours: 1 },
      approvers: ['group:default/platform-security', 'user:default/carol'],
    });
  });

  it.each([
    [{ pendingTtl: { days: 0 } }, 'security.secretRequests.pendingTtl'],
    [{ pendingTtl: 'soon' }, 'security.secretRequests.pendingTtl'],
    [{ expiryFrequency: 'PT0S' }, 'security.secretRequests.expiryFrequency'],
    [{ approvers: 'group:default/a' }, 'security.secretRequests.approvers'],
    [{ approvers: ['a:b:c/d'] }, 'security.secretRequests.approvers[0]'],
    [
      { approvers: ['group:default/ok', 'group:default/two words'] },
      'security.secretRequests.approvers[1]',
    ],
  ])('stops start-up on %j naming %s', (value, key) => {
    expect(() => read(value)).toThrow(`Invalid config ${key}:`);
  });
});
