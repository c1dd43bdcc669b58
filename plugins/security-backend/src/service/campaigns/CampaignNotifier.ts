import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { DateTime } from 'luxon';
import type {
  CampaignNotice,
  CampaignRecord,
  CampaignStore,
} from '../../database/DatabaseCampaignStore';
import {
  campaignReminderPayload,
  campaignStartedPayload,
} from './campaignMessages';

/** The reminder goes out this many days before the deadline (or later, if the pass was missed). */
export const REMINDER_DAYS = 7;

/**
 * Tells owners about campaigns: that one started (with how many of their services it
 * affects), and a week before the deadline, if any of theirs still are. Each notice is claimed
 * in the database before it is sent, so two passes (or two replicas) never send it twice; if
 * every send of a notice fails it is released, and the next daily pass retries.
 */
export class CampaignNotifier {
  constructor(
    private readonly deps: {
      store: CampaignStore;
      notifications: NotificationService;
      logger: LoggerService;
    },
  ) {}

  /** The started notice of a campaign, unless it was sent already. */
  async notifyStarted(campaign: CampaignRecord, now: Date): Promise<number> {
    return this.send(campaign, 'started', now, (owner, count) =>
      campaignStartedPayload(campaign, owner, count),
    );
  }

  /**
   * Every notice that is due: started notices not sent yet (a failed send at creation), and
   * reminders of active campaigns whose deadline is within {@link REMINDER_DAYS} days.
   */
  async notifyDue(now: Date): Promise<{ started: number; reminders: number }> {
    const today = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('day');
    const remindFrom = today.plus({ days: REMINDER_DAYS }).toISODate()!;
    const sent = { started: 0, reminders: 0 };
    for (const campaign of await this.deps.store.list({ status: 'active' })) {
      if (!campaign.startedNotifiedAt) {
        sent.started += await this.notifyStarted(campaign, now);
      }
      if (
        !campaign.reminderNotifiedAt &&
        campaign.deadline <= remindFrom &&
        campaign.deadline >= today.toISODate()!
      ) {
        const daysLeft = Math.round(
          DateTime.fromISO(campaign.deadline, { zone: 'utc' })
            .diff(today, 'days')
            .as('days'),
        );
        sent.reminders += await this.send(
          campaign,
          'reminder',
          now,
          (owner, count) =>
            campaignReminderPayload(campaign, owner, count, daysLeft),
          // Nobody left to remind: keep the reminder for a service that comes back.
          { skipWhenNobody: true },
        );
      }
    }
    return sent;
  }

  /** Sends one notice to every owner with services still affected; answers how many got it. */
  private async send(
    campaign: CampaignRecord,
    notice: CampaignNotice,
    now: Date,
    payload: (
      ownerRef: string,
      count: number,
    ) => ReturnType<typeof campaignStartedPayload>,
    options: { skipWhenNobody?: boolean } = {},
  ): Promise<number> {
    const { store, notifications, logger } = this.deps;
    const owners = await store.remainingOwners(campaign.id);
    if (owners.length === 0 && options.skipWhenNobody) {
      return 0;
    }
    if (!(await store.claimNotice({ campaignId: campaign.id, notice, now }))) {
      return 0;
    }
    let delivered = 0;
    for (const owner of owners) {
      try {
        await notifications.send({
          recipients: { type: 'entity', entityRef: owner.ownerRef },
          payload: payload(owner.ownerRef, owner.remaining),
        });
        delivered += 1;
      } catch (error) {
        logger.warn(
          `Could not send the ${notice} notice of campaign ${campaign.id} to ${owner.ownerRef}`,
          error as Error,
        );
      }
    }
    if (owners.length > 0 && delivered === 0) {
      await store.releaseNotice({ campaignId: campaign.id, notice });
    }
    return delivered;
  }
}
