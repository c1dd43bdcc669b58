import { ConfigReader } from '@backstage/config';
import { readSecretRequestConfig } from './secretRequestConfig';

const read = (secretRequests?: object) =>
  readSecretRequestConfig(new ConfigReader({ security: { secretRequests } }));

describe('readSecretRequestConfig', () => {
  it('defaults to 7 days pending, an expiry pass every 15 minutes, no extra approvers, and resuming abandoned provisioning after 15 minutes, looked for every minute', () => {
    expect(read()).toEqual({
      pendingTtlMs: 7 * 86_400_000,
      expiryFrequency: { minutes: 15 },
      approvers: [],
      provisionTimeoutMs: 120_000,
      resumeAfterMs: 15 * 60_000,
      resumeFrequency: { minutes: 1 },
    });
  });

  it('takes a short provisioning timeout and resume delay, as a test deployment sets them', () => {
    expect(
      read({
        provisionTimeout: { seconds: 10 },
        resumeAfter: { seconds: 20 },
        resumeFrequency: { seconds: 2 },
      }),
    ).toMatchObject({
      provisionTimeoutMs: 10_000,
      resumeAfterMs: 20_000,
      resumeFrequency: { seconds: 2 },
    });
  });

  it('refuses a resume delay that a live provisioning could outlast', () => {
    expect(() =>
      read({ provisionTimeout: { minutes: 5 }, resumeAfter: { minutes: 5 } }),
    ).toThrow(
      'Invalid config security.secretRequests.resumeAfter: must be at least 10 seconds longer than security.secretRequests.provisionTimeout (300 s)',
    );
    // The default resume delay against a longer timeout.
    expect(() => read({ provisionTimeout: { minutes: 20 } })).toThrow(
      'security.secretRequests.resumeAfter',
    );
  });

  it('reads durations as objects or ISO strings, and approvers as full refs (a bare name is a group)', () => {
    expect(
      read({
        pendingTtl: 'P2D',
        expiryFrequency: { hours: 1 },
        approvers: ['platform-security', 'user:default/Carol'],
      }),
    ).toMatchObject({
      pendingTtlMs: 2 * 86_400_000,
      expiryFrequency: { hours: 1 },
      approvers: ['group:default/platform-security', 'user:default/carol'],
    });
  });

  it.each([
    [{ pendingTtl: { days: 0 } }, 'security.secretRequests.pendingTtl'],
    [{ pendingTtl: 'soon' }, 'security.secretRequests.pendingTtl'],
    [{ expiryFrequency: 'PT0S' }, 'security.secretRequests.expiryFrequency'],
    [{ provisionTimeout: 'PT0S' }, 'security.secretRequests.provisionTimeout'],
    [{ resumeFrequency: 'later' }, 'security.secretRequests.resumeFrequency'],
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
