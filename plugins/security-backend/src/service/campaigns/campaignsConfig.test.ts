import { ConfigReader } from '@backstage/config';
import { readCampaignsSchedule } from './campaignsConfig';

const read = (campaigns?: object) =>
  readCampaignsSchedule(new ConfigReader({ security: { campaigns } }));

describe('readCampaignsSchedule', () => {
  it('leaves the daily default unless a schedule is configured', () => {
    expect(read()).toBeUndefined();
    expect(
      read({
        schedule: {
          frequency: { minutes: 1 },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 5 },
        },
      }),
    ).toEqual({
      frequency: { minutes: 1 },
      timeout: { minutes: 1 },
      initialDelay: { seconds: 5 },
    });
  });

  it('stops start-up on a schedule without a timeout, naming the key', () => {
    expect(() => read({ schedule: { frequency: { hours: 1 } } })).toThrow(
      'Invalid config security.campaigns.schedule:',
    );
  });
});
