import type { ImpactQuery } from '@posture/backstage-plugin-security-common';
import { toIsoTimestamp } from '../rows';

/** A campaign is running (recomputed, notified) until someone closes it. */
export type CampaignStatus = 'active' | 'closed';

/** A campaign as stored: what was asked and when, without the counts (see CampaignNumbers). */
export interface CampaignRecord {
  id: string;
  title: string;
  note: string;
  /** The query as it was sent (wire shape), parsed again at every recomputation. */
  query: ImpactQuery;
  /** YYYY-MM-DD. */
  deadline: string;
  status: CampaignStatus;
  createdBy: string;
  createdAt: string;
  recomputedAt: string | null;
  startedNotifiedAt: string | null;
  reminderNotifiedAt: string | null;
}

export interface CampaignRow {
  id: string;
  title: string;
  note: string;
  query: string;
  deadline: string;
  status: string;
  created_by: string;
  created_at: Date | string;
  recomputed_at: Date | string | null;
  started_notified_at: Date | string | null;
  reminder_notified_at: Date | string | null;
}

export interface CampaignEntityRow {
  campaign_id: string;
  entity_ref: string;
  first_seen_at: Date | string;
  resolved_at: Date | string | null;
}

function optionalTimestamp(value: Date | string | null): string | null {
  return value === null || value === undefined ? null : toIsoTimestamp(value);
}

export function campaignFromRow(row: CampaignRow): CampaignRecord {
  return {
    id: row.id,
    title: row.title,
    note: row.note,
    query: JSON.parse(row.query) as ImpactQuery,
    deadline: row.deadline,
    status: row.status === 'closed' ? 'closed' : 'active',
    createdBy: row.created_by,
    createdAt: toIsoTimestamp(row.created_at),
    recomputedAt: optionalTimestamp(row.recomputed_at),
    startedNotifiedAt: optionalTimestamp(row.started_notified_at),
    reminderNotifiedAt: optionalTimestamp(row.reminder_notified_at),
  };
}
