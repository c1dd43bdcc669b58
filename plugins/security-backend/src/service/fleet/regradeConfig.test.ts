import { ConfigReader } from '@backstage/config';
import { readPolicyConfig } from '../../policyConfig';
import { DEFAULT_REGRADE_SCHEDULE, readRegradeConfig } from './regradeConfig';

const config = (security: object) => new ConfigReader({ security });

describe('readRegradeConfig', () => {
  it('regrades daily and backfills nothing by default', () => {
    expect(readRegradeConfig(config({}))).toEqual({
      schedule: DEFAULT_REGRADE_SCHEDULE,
      backfillHistoryDays: undefined,
    });
  });

  it('reads security.policy.regradeSchedule, which the policy reader accepts too', () => {
    const withSchedule = config({
      policy: {
        regradeSchedule: {
          frequency: { cron: '0 3 * * *' },
          timeout: { minutes: 10 },
        },
      },
    });
    expect(readRegradeConfig(withSchedule).schedule).toMatchObject({
      frequency: { cron: '0 3 * * *' },
      timeout: { minutes: 10 },
    });
    expect(() => readPolicyConfig(withSchedule)).not.toThrow();
  });

  it('refuses a schedule without a frequency, naming the key', () => {
    expect(() =>
      readRegradeConfig(
        config({ policy: { regradeSchedule: { timeout: { minutes: 5 } } } }),
      ),
    ).toThrow(/^Invalid config security\.policy\.regradeSchedule: /);
  });

  it('reads the demo backfill as whole days from 1 to 400', () => {
    const days = (value: unknown) =>
      readRegradeConfig(config({ demo: { backfillHistoryDays: value } }))
        .backfillHistoryDays;
    expect(days(90)).toBe(90);
    for (const bad of [0, -3, 1.5, 401]) {
      expect(() => days(bad)).toThrow(
        /Invalid config security\.demo\.backfillHistoryDays/,
      );
    }
  });
});
