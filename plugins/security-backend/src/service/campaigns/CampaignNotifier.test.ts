import { mockServices } from '@backstage/backend-test-utils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { createTestStore } from '../../__testUtils__/storeHarness';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { DatabaseCampaignStore } from '../../database/DatabaseCampaignStore';
import {
  IDENTITY,
  newCampaign,
  PAYMENTS,
  recordEntities,
} from '../../database/campaigns/__testUtils__/campaignTestData';
import { CampaignNotifier } from './CampaignNotifier';

const databases = createTestDatabases();
const DAY = 86_400_000;
const NOW = new Date('2027-01-24T06:00:00.000Z');
const API = 'component:default/payments-api';
const LOGIN = 'component:default/login';

describe.each(databases.eachSupportedId())('CampaignNotifier on %s', id => {
  async function setUp(options: { deadline: string; failFor?: string[] }) {
    const { knex } = await createTestStore(databases, id);
    await recordEntities(knex, [
      { ref: API, owner: PAYMENTS },
      { ref: LOGIN, owner: IDENTITY },
    ]);
    const store = new DatabaseCampaignStore(knex);
    const { campaign } = await store.create({
      campaign: newCampaign({ deadline: options.deadline }),
      affectedRefs: [API, LOGIN],
      now: new Date(NOW.getTime() - 10 * DAY),
    });
    const sent: NotificationSendOptions[] = [];
    let failing = new Set(options.failFor ?? []);
    const notifier = new CampaignNotifier({
      store,
      logger: mockServices.logger.mock(),
      notifications: {
        async send(notification) {
          const to = notification.recipients;
          const ref = to.type === 'entity' ? String(to.entityRef) : '';
          if (failing.has(ref)) throw new Error('notifications backend down');
          sent.push(notification);
        },
      },
    });
    const recipients = () =>
      sent.map(n =>
        n.recipients.type === 'entity' ? n.recipients.entityRef : null,
      );
    return {
      store,
      campaign,
      notifier,
      sent,
      recipients,
      heal: () => {
        failing = new Set();
      },
    };
  }

  it('sends the started notice once, and retries it daily only if every send failed', async () => {
    const { notifier, recipients, heal } = await setUp({
      deadline: '2027-03-31',
      failFor: [PAYMENTS, IDENTITY],
    });
    expect(await notifier.notifyDue(NOW)).toEqual({ started: 0, reminders: 0 });
    heal();
    expect(await notifier.notifyDue(NOW)).toEqual({ started: 2, reminders: 0 });
    expect(await notifier.notifyDue(NOW)).toEqual({ started: 0, reminders: 0 });
    expect(recipients()).toEqual([IDENTITY, PAYMENTS]);
  });

  it('a partly failed notice is not sent again to those who got it', async () => {
    const { notifier, recipients, heal } = await setUp({
      deadline: '2027-03-31',
      failFor: [IDENTITY],
    });
    expect(await notifier.notifyDue(NOW)).toEqual({ started: 1, reminders: 0 });
    heal();
    expect(await notifier.notifyDue(NOW)).toEqual({ started: 0, reminders: 0 });
    expect(recipients()).toEqual([PAYMENTS]);
  });

  it('reminds within a week of the deadline, including the day itself, never before or after', async () => {
    for (const [deadline, reminders] of [
      ['2027-02-01', 0], // 8 days ahead
      ['2027-01-31', 2], // 7 days ahead
      ['2027-01-24', 2], // today
      ['2027-01-23', 0], // passed
    ] as const) {
      const { notifier, campaign, store } = await setUp({ deadline });
      await store.claimNotice({
        campaignId: campaign.id,
        notice: 'started',
        now: NOW,
      });
      expect({ deadline, ...(await notifier.notifyDue(NOW)) }).toEqual({
        deadline,
        started: 0,
        reminders,
      });
    }
  });

  it('reminds only owners with services left, and nobody when none are', async () => {
    const { notifier, campaign, store, recipients, sent } = await setUp({
      deadline: '2027-01-28',
    });
    await store.claimNotice({
      campaignId: campaign.id,
      notice: 'started',
      now: NOW,
    });
    await store.recompute({
      campaignId: campaign.id,
      affectedRefs: [],
      now: NOW,
    });
    expect(await notifier.notifyDue(NOW)).toEqual({ started: 0, reminders: 0 });
    // Nothing was claimed: a service that comes back still gets its reminder.
    await store.recompute({
      campaignId: campaign.id,
      affectedRefs: [LOGIN],
      now: NOW,
    });
    expect(await notifier.notifyDue(NOW)).toEqual({ started: 0, reminders: 1 });
    expect(recipients()).toEqual([IDENTITY]);
    expect(sent[0].payload).toMatchObject({
      title: 'Campaign: log4j-core below 2.17 gone is due 2027-01-28',
      description: expect.stringContaining(
        '1 of your service is still affected, and the deadline is in 4 days (2027-01-28)',
      ),
      link: `/security/campaigns/${campaign.id}`,
      topic: 'posture-campaign-reminder',
      severity: 'high',
    });
  });
});
