import { randomUUID } from 'crypto';
import type {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  securityCampaignManagePermission,
  type Campaign,
  type CampaignDetail,
  type CampaignListResponse,
} from '@posture/backstage-plugin-security-common';
import type {
  CampaignNumbers,
  CampaignRecord,
  CampaignStatus,
  CampaignStore,
} from '../../database/DatabaseCampaignStore';
import type { ImpactStore } from '../../database/impact/ImpactStore';
import type { EntityPredicate } from '../../database/entityPredicate';
import { audited, type AuditMeta } from '../audited';
import { parseCampaignInput } from './campaignInput';

/** What the service needs to know who may read which entities (the scorecards' resolver). */
export interface ReadablePredicate {
  resolve(
    credentials: BackstageCredentials,
  ): Promise<{ predicate: EntityPredicate }>;
}

const LIST_STATUSES = ['active', 'closed', 'all'] as const;

/**
 * Campaigns: a platform user (`security.campaign.manage`) saves an impact query with a title,
 * a deadline and a note; the entities it matches are recorded at once and owners told (in the
 * background). Anyone signed in may read campaigns, each with its counts, owners, entities and
 * burn-down over the entities they may read, filtered in SQL.
 */
export class CampaignService {
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(
    private readonly deps: {
      store: CampaignStore;
      impact: Pick<ImpactStore, 'affectedEntities'>;
      readable: ReadablePredicate;
      permissions: PermissionsService;
      auditor: AuditorService;
      /** Called once a campaign is stored, to tell its owners (not awaited by the request). */
      onStarted?: (campaign: CampaignRecord) => void;
      now?: () => Date;
      newId?: () => string;
    },
  ) {
    this.now = deps.now ?? (() => new Date());
    this.newId = deps.newId ?? randomUUID;
  }

  async create(
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<Campaign> {
    const meta: AuditMeta = { actor: actorOf(credentials) };
    return audited(
      this.deps.auditor,
      {
        eventId: 'campaign-create',
        meta,
        successMeta: campaign => auditMeta(campaign, meta),
      },
      async () => {
        await this.requireManage(credentials, 'start campaigns');
        const now = this.now();
        const input = parseCampaignInput(body, now);
        const affectedRefs = await this.deps.impact.affectedEntities({
          query: input.resolved,
        });
        const { campaign } = await this.deps.store.create({
          campaign: {
            id: this.newId(),
            title: input.title,
            note: input.note,
            query: input.query,
            deadline: input.deadline,
            createdBy: actorOf(credentials),
          },
          affectedRefs,
          now,
        });
        this.deps.onStarted?.(campaign);
        return this.view(campaign, credentials);
      },
    );
  }

  async list(
    query: { status?: unknown },
    credentials: BackstageCredentials,
  ): Promise<CampaignListResponse> {
    const status = parseListStatus(query.status);
    const campaigns = await this.deps.store.list(
      status === 'all' ? {} : { status },
    );
    const { predicate } = await this.deps.readable.resolve(credentials);
    const numbers = await this.deps.store.numbers({
      campaigns,
      predicate,
      now: this.now(),
    });
    return {
      items: campaigns.map(c => toCampaign(c, numbers.get(c.id))),
      totalCount: campaigns.length,
    };
  }

  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<CampaignDetail> {
    const campaign = await this.deps.store.get(id);
    if (!campaign) {
      throw new NotFoundError(`No campaign ${id}`);
    }
    const { predicate } = await this.deps.readable.resolve(credentials);
    const [numbers, entities] = await Promise.all([
      this.deps.store.numbers({
        campaigns: [campaign],
        predicate,
        now: this.now(),
      }),
      this.deps.store.entities({ campaignId: id, predicate }),
    ]);
    return { ...toCampaign(campaign, numbers.get(id)), entities };
  }

  async close(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Campaign> {
    const meta: AuditMeta = { campaignId: id, actor: actorOf(credentials) };
    return audited(
      this.deps.auditor,
      {
        eventId: 'campaign-close',
        meta,
        successMeta: campaign => auditMeta(campaign, meta),
      },
      async () => {
        await this.requireManage(credentials, 'close campaigns');
        const closed = await this.deps.store.close(id);
        if (!closed) {
          throw new NotFoundError(`No campaign ${id}`);
        }
        return this.view(closed, credentials);
      },
    );
  }

  /** The campaign with its numbers over what the caller may read. */
  private async view(
    campaign: CampaignRecord,
    credentials: BackstageCredentials,
  ): Promise<Campaign> {
    const { predicate } = await this.deps.readable.resolve(credentials);
    const numbers = await this.deps.store.numbers({
      campaigns: [campaign],
      predicate,
      now: this.now(),
    });
    return toCampaign(campaign, numbers.get(campaign.id));
  }

  private async requireManage(
    credentials: BackstageCredentials,
    action: string,
  ): Promise<void> {
    const [decision] = await this.deps.permissions.authorize(
      [{ permission: securityCampaignManagePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to ${action} (security.campaign.manage)`,
      );
    }
  }
}

function toCampaign(
  campaign: CampaignRecord,
  numbers: CampaignNumbers | undefined,
): Campaign {
  return {
    id: campaign.id,
    title: campaign.title,
    note: campaign.note,
    query: campaign.query,
    deadline: campaign.deadline,
    status: campaign.status,
    createdBy: campaign.createdBy,
    createdAt: campaign.createdAt,
    recomputedAt: campaign.recomputedAt,
    total: numbers?.total ?? 0,
    remaining: numbers?.remaining ?? 0,
    byOwner: numbers?.byOwner ?? [],
    burndown: numbers?.burndown ?? [],
  };
}

/** Who did it, for the audit log and created_by: a user's ref or a service's subject. */
function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? principal.subject ?? principal.type;
}

/** Never the title or note (free text); the counts are the caller's view. */
function auditMeta(campaign: Campaign, meta: AuditMeta): AuditMeta {
  return {
    ...meta,
    campaignId: campaign.id,
    status: campaign.status,
    deadline: campaign.deadline,
    queryKind:
      ['vulnerability', 'package', 'purl', 'image'].find(
        kind => campaign.query[kind as keyof typeof campaign.query],
      ) ?? null,
    total: campaign.total,
    remaining: campaign.remaining,
  };
}

function parseListStatus(value: unknown): CampaignStatus | 'all' {
  if (value === undefined) {
    return 'all';
  }
  const status = LIST_STATUSES.find(s => s === value);
  if (!status) {
    throw new InputError(`status must be one of ${LIST_STATUSES.join(', ')}`);
  }
  return status;
}
