import { ConfigReader } from '@backstage/config';
import { readPostureFactsConfig } from './config';

const read = (data: object) => readPostureFactsConfig(new ConfigReader(data));

describe('readPostureFactsConfig', () => {
  it('defaults to Components, 5 at a time', () => {
    expect(read({})).toEqual({ kinds: ['Component'], concurrency: 5 });
  });

  it('follows the kinds Posture grades (security.reports.entityKinds)', () => {
    expect(
      read({
        security: { reports: { entityKinds: ['Component', 'Resource'] } },
      }).kinds,
    ).toEqual(['Component', 'Resource']);
  });

  it('takes its own kinds over the security backend’s', () => {
    expect(
      read({
        security: { reports: { entityKinds: ['Component', 'Resource'] } },
        techInsights: { posture: { kinds: ['Resource'], concurrency: 10 } },
      }),
    ).toEqual({ kinds: ['Resource'], concurrency: 10 });
  });

  it.each([
    [
      { techInsights: { posture: { concurrency: 0 } } },
      'techInsights.posture.concurrency',
    ],
    [
      { techInsights: { posture: { concurrency: 2.5 } } },
      'techInsights.posture.concurrency',
    ],
    [
      { techInsights: { posture: { concurrency: 51 } } },
      'techInsights.posture.concurrency',
    ],
    [
      { techInsights: { posture: { concurrency: 'many' } } },
      'techInsights.posture.concurrency',
    ],
    [
      { techInsights: { posture: { kinds: [] } } },
      'techInsights.posture.kinds',
    ],
    [
      { techInsights: { posture: { kinds: [' '] } } },
      'techInsights.posture.kinds',
    ],
    [
      { security: { reports: { entityKinds: [] } } },
      'security.reports.entityKinds',
    ],
  ])('refuses %j naming %s', (data, key) => {
    expect(() => read(data)).toThrow(key);
  });
});
