import { ConfigReader } from '@backstage/config';
import { readWriteAccessConfig } from './writeAccessConfig';

describe('readWriteAccessConfig', () => {
  it('defaults to Component uploads, unrestricted services and a 30 s refresh interval', () => {
    expect(readWriteAccessConfig(new ConfigReader({}))).toEqual({
      entityKinds: ['component'],
      serviceAccess: undefined,
      refreshMinIntervalMs: 30_000,
    });
  });

  it('reads kinds, service rules as canonical refs, and the interval as a duration', () => {
    const config = new ConfigReader({
      security: {
        reports: {
          entityKinds: ['Component', 'Resource'],
          serviceAccess: [
            { subject: 'ci-payments', owners: ['payments'] },
            { subject: 'ci-web', entities: ['web', 'resource:ops/bucket'] },
          ],
        },
        refresh: { minInterval: 'PT2M' },
      },
    });
    expect(readWriteAccessConfig(config)).toEqual({
      entityKinds: ['component', 'resource'],
      serviceAccess: [
        {
          subject: 'ci-payments',
          owners: ['group:default/payments'],
          entities: undefined,
        },
        {
          subject: 'ci-web',
          owners: undefined,
          entities: ['component:default/web', 'resource:ops/bucket'],
        },
      ],
      refreshMinIntervalMs: 120_000,
    });
  });

  it.each([
    [{ reports: { entityKinds: [] } }, 'security.reports.entityKinds'],
    [
      {
        reports: {
          serviceAccess: [{ subject: 'ci', owners: ['group:default/'] }],
        },
      },
      'security.reports.serviceAccess[0].owners',
    ],
    [{ refresh: { minInterval: 'soon' } }, 'security.refresh.minInterval'],
  ])('stops start-up naming the key: %j', (security, key) => {
    expect(() => readWriteAccessConfig(new ConfigReader({ security }))).toThrow(
      key,
    );
  });
});
