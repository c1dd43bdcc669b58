import type {
  CampaignEntity,
  ImpactQuery,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import type { EntityPredicate } from './entityPredicate';
import {
  campaignFromRow,
  type CampaignRecord,
  type CampaignRow,
  type CampaignStatus,
} from './campaigns/campaignRows';
import {
  campaignEntities,
  campaignNumbers,
  type CampaignNumbers,
} from './campaigns/campaignNumbers';
import {
  recomputeCampaign,
  recomputeInTransaction,
  type RecomputeOptions,
  type RecomputeResult,
} from './campaigns/recomputeCampaign';

export type {
  CampaignNumbers,
  CampaignRecord,
  CampaignStatus,
  RecomputeResult,
};

/** A campaign as the service validated it, ready to store as active. */
export interface NewCampaign {
  id: string;
  title: string;
  note: string;
  query: ImpactQuery;
  deadline: string;
  createdBy: string;
}

/** An owner of entities a campaign still affects (fleet-wide), for notifications. */
export interface CampaignOwner {
  ownerRef: string;
  /** Entities of this owner the campaign still affects. */
  remaining: number;
}

/** Which notice of a campaign is claimed before it is sent. */
export type CampaignNotice = 'started' | 'reminder';

/** Campaigns: saved impact queries with a deadline, the entities they matched, their burn-down. */
export interface CampaignStore {
  /**
   * Stores an active campaign and the entities its query matches now, in one transaction: a
   * campaign is never left without its first recomputation.
   */
  create(options: {
    campaign: NewCampaign;
    affectedRefs: readonly string[];
    now: Date;
  }): Promise<{ campaign: CampaignRecord; result: RecomputeResult }>;
  get(id: string): Promise<CampaignRecord | undefined>;
  /** Active campaigns first, then newest first; only those of `status` when given. */
  list(options?: { status?: CampaignStatus }): Promise<CampaignRecord[]>;
  /** Marks the campaign closed (already closed: unchanged); undefined when there is none. */
  close(id: string): Promise<CampaignRecord | undefined>;
  /** See {@link recomputeCampaign}. */
  recompute(options: RecomputeOptions): Promise<RecomputeResult | undefined>;
  /** Counts, owners and burn-down of each campaign over what the predicate lets one read. */
  numbers(options: {
    campaigns: CampaignRecord[];
    predicate: EntityPredicate;
    now: Date;
  }): Promise<Map<string, CampaignNumbers>>;
  /** The readable entities a campaign matched, still affected first. */
  entities(options: {
    campaignId: string;
    predicate: EntityPredicate;
  }): Promise<CampaignEntity[]>;
  /** The ids of the active campaigns, oldest first. */
  activeCampaignIds(): Promise<string[]>;
  /** Owners of entities still affected, fleet-wide (entities without a recorded owner left out). */
  remainingOwners(campaignId: string): Promise<CampaignOwner[]>;
  /**
   * Marks the notice as being sent, if it was not and the campaign is active; false when it
   * already was (an earlier run, or another instance at the same moment) or it is closed.
   */
  claimNotice(options: {
    campaignId: string;
    notice: CampaignNotice;
    now: Date;
  }): Promise<boolean>;
  /** Unmarks a notice whose sending failed, so a later run retries it. */
  releaseNotice(options: {
    campaignId: string;
    notice: CampaignNotice;
  }): Promise<void>;
}

const NOTICE_COLUMNS: Record<CampaignNotice, string> = {
  started: 'started_notified_at',
  reminder: 'reminder_notified_at',
};

/** {@link CampaignStore} over knex, on PostgreSQL or SQLite. */
export class DatabaseCampaignStore implements CampaignStore {
  constructor(private readonly db: Knex) {}

  async create(options: {
    campaign: NewCampaign;
    affectedRefs: readonly string[];
    now: Date;
  }): Promise<{ campaign: CampaignRecord; result: RecomputeResult }> {
    const { campaign, affectedRefs, now } = options;
    const row: CampaignRow = {
      id: campaign.id,
      title: campaign.title,
      note: campaign.note,
      query: JSON.stringify(campaign.query),
      deadline: campaign.deadline,
      status: 'active',
      created_by: campaign.createdBy,
      created_at: now.toISOString(),
      recomputed_at: null,
      started_notified_at: null,
      reminder_notified_at: null,
    };
    const result = await this.db.transaction(async trx => {
      await trx('campaigns').insert(row);
      return recomputeInTransaction(trx, {
        campaignId: campaign.id,
        affectedRefs,
        now,
      });
    });
    return {
      campaign: campaignFromRow({ ...row, recomputed_at: row.created_at }),
      result,
    };
  }

  async get(id: string): Promise<CampaignRecord | undefined> {
    const row = await this.db<CampaignRow>('campaigns').where({ id }).first();
    return row ? campaignFromRow(row) : undefined;
  }

  async list(
    options: { status?: CampaignStatus } = {},
  ): Promise<CampaignRecord[]> {
    const q = this.db<CampaignRow>('campaigns');
    if (options.status) {
      q.where({ status: options.status });
    }
    const rows: CampaignRow[] = await q.orderByRaw(
      "case when status = 'active' then 0 else 1 end asc, created_at desc, id asc",
    );
    return rows.map(campaignFromRow);
  }

  async close(id: string): Promise<CampaignRecord | undefined> {
    await this.db('campaigns').where({ id }).update({ status: 'closed' });
    return this.get(id);
  }

  recompute(options: RecomputeOptions): Promise<RecomputeResult | undefined> {
    return recomputeCampaign(this.db, options);
  }

  numbers(options: {
    campaigns: CampaignRecord[];
    predicate: EntityPredicate;
    now: Date;
  }): Promise<Map<string, CampaignNumbers>> {
    return campaignNumbers(this.db, options);
  }

  entities(options: {
    campaignId: string;
    predicate: EntityPredicate;
  }): Promise<CampaignEntity[]> {
    return campaignEntities(this.db, options);
  }

  async activeCampaignIds(): Promise<string[]> {
    const rows = await this.db('campaigns')
      .where({ status: 'active' })
      .orderBy('created_at', 'asc')
      .select('id');
    return rows.map(r => r.id as string);
  }

  async remainingOwners(campaignId: string): Promise<CampaignOwner[]> {
    const rows = await this.db('campaign_entities as ce')
      .join('posture_entities as e', 'e.entity_ref', 'ce.entity_ref')
      .where('ce.campaign_id', campaignId)
      .whereNull('ce.resolved_at')
      .whereNotNull('e.owner_ref')
      .groupBy('e.owner_ref')
      .orderBy('e.owner_ref', 'asc')
      .select('e.owner_ref', this.db.raw('count(*) as remaining'));
    return rows.map(r => ({
      ownerRef: r.owner_ref as string,
      remaining: Number(r.remaining),
    }));
  }

  async claimNotice(options: {
    campaignId: string;
    notice: CampaignNotice;
    now: Date;
  }): Promise<boolean> {
    const column = NOTICE_COLUMNS[options.notice];
    // The condition is the claim: of two runs at once, exactly one changes the row.
    const changed = await this.db('campaigns')
      .where({ id: options.campaignId, status: 'active' })
      .whereNull(column)
      .update({ [column]: options.now.toISOString() });
    return changed === 1;
  }

  async releaseNotice(options: {
    campaignId: string;
    notice: CampaignNotice;
  }): Promise<void> {
    await this.db('campaigns')
      .where({ id: options.campaignId })
      .update({ [NOTICE_COLUMNS[options.notice]]: null });
  }
}
