import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type { CampaignRecord } from '../../database/DatabaseCampaignStore';

type NotificationPayload = NotificationSendOptions['payload'];

export const CAMPAIGN_STARTED_TOPIC = 'posture-campaign-started';
export const CAMPAIGN_REMINDER_TOPIC = 'posture-campaign-reminder';

/** The campaign's page in the app. */
export function campaignLink(campaignId: string): string {
  return `/security/campaigns/${encodeURIComponent(campaignId)}`;
}

function services(count: number): string {
  return `${count} of your ${count === 1 ? 'service is' : 'services are'}`;
}

/**
 * The notice to one owner that a campaign started and how many of its services it affects.
 * The title is the campaign's; the note (free text) stays on the campaign page.
 */
export function campaignStartedPayload(
  campaign: Pick<CampaignRecord, 'id' | 'title' | 'deadline'>,
  ownerRef: string,
  count: number,
): NotificationPayload {
  return {
    title: `Campaign: ${campaign.title}`,
    description: `${services(count)} affected. Ship a fixed build by ${
      campaign.deadline
    }: each service drops out of the campaign by itself once a fixed report is uploaded.`,
    link: campaignLink(campaign.id),
    severity: 'normal',
    topic: CAMPAIGN_STARTED_TOPIC,
    // Same scope and origin replace rather than duplicate, should a send be retried.
    scope: `${CAMPAIGN_STARTED_TOPIC}:${campaign.id}:${ownerRef}`,
  };
}

/** The reminder, a week before the deadline, to an owner with services still affected. */
export function campaignReminderPayload(
  campaign: Pick<CampaignRecord, 'id' | 'title' | 'deadline'>,
  ownerRef: string,
  count: number,
  daysLeft: number,
): NotificationPayload {
  const when =
    daysLeft <= 0
      ? 'today'
      : `in ${daysLeft} ${daysLeft === 1 ? 'day' : 'days'}`;
  return {
    title: `Campaign: ${campaign.title} is due ${campaign.deadline}`,
    description: `${services(
      count,
    )} still affected, and the deadline is ${when} (${
      campaign.deadline
    }). Upload a fixed report for each to drop it from the campaign.`,
    link: campaignLink(campaign.id),
    severity: 'high',
    topic: CAMPAIGN_REMINDER_TOPIC,
    scope: `${CAMPAIGN_REMINDER_TOPIC}:${campaign.id}:${ownerRef}`,
  };
}
