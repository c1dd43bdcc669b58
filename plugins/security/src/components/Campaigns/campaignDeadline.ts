import type { Campaign } from '@posture/backstage-plugin-security-common';
import { DateTime } from 'luxon';

/** How near a campaign's deadline is, in words, and whether it has passed. */
export interface DeadlineState {
  /** "in 12 days", "tomorrow", "due today", "overdue by 3 days"; '' once closed. */
  label: string;
  overdue: boolean;
}

/**
 * The deadline (a calendar date, `2027-01-31`) against today's date where the reader is: a
 * deadline is met if the work is done by the end of that day. A closed campaign has none left.
 */
export function deadlineState(
  campaign: Pick<Campaign, 'deadline' | 'status'>,
  now: DateTime = DateTime.local(),
): DeadlineState {
  const deadline = DateTime.fromISO(campaign.deadline, { zone: now.zone });
  if (campaign.status === 'closed' || !deadline.isValid) {
    return { label: '', overdue: false };
  }
  const days = Math.round(
    deadline.startOf('day').diff(now.startOf('day'), 'days').days,
  );
  if (days > 1) {
    return { label: `in ${days} days`, overdue: false };
  }
  if (days === 1) {
    return { label: 'tomorrow', overdue: false };
  }
  if (days === 0) {
    return { label: 'due today', overdue: false };
  }
  return {
    label: `overdue by ${-days} ${days === -1 ? 'day' : 'days'}`,
    overdue: true,
  };
}

/** Active campaigns first, each kind in the backend's order. */
export function activeFirst<T extends Pick<Campaign, 'status'>>(
  campaigns: readonly T[],
): T[] {
  return [
    ...campaigns.filter(campaign => campaign.status === 'active'),
    ...campaigns.filter(campaign => campaign.status !== 'active'),
  ];
}
