import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  CampaignRecord,
  CampaignStore,
  RecomputeResult,
} from '../../database/DatabaseCampaignStore';
import type {
  ImpactStore,
  ResolvedImpactQuery,
} from '../../database/impact/ImpactStore';
import { parseImpactQuery } from '../impact/parseImpactQuery';

/**
 * Keeps campaigns in line with the reports: after an entity's reports change, every active
 * campaign judges that entity again; the daily pass judges every entity of every active
 * campaign. Recomputations of one campaign run one at a time in this process, and across
 * replicas the store reads the fleet under the campaign's row lock: a pass that read the fleet
 * before an upload never writes after the upload's own recomputation.
 */
export class CampaignRecomputer {
  private readonly now: () => Date;
  /** The last recomputation queued per campaign: the next one starts after it. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly deps: {
      store: CampaignStore;
      impact: Pick<ImpactStore, 'affectedEntities'>;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The campaign judged again (only `entityRefs`, when given); undefined if closed meanwhile. */
  recompute(
    campaign: CampaignRecord,
    entityRefs?: string[],
  ): Promise<RecomputeResult | undefined> {
    const query = this.resolve(campaign);
    if (!query) {
      return Promise.resolve(undefined);
    }
    return this.serially(campaign.id, () =>
      this.deps.store.recompute({
        campaignId: campaign.id,
        // Read once the store holds the campaign (PostgreSQL): another replica's recomputation
        // after an upload then never lands between this read and this write.
        affectedRefs: () =>
          this.deps.impact.affectedEntities({ query, entityRefs }),
        entityRefs,
        now: this.now(),
      }),
    );
  }

  /** After one entity's reports changed: that entity, in every active campaign. */
  async forEntity(entityRef: string): Promise<void> {
    for (const campaign of await this.deps.store.list({ status: 'active' })) {
      try {
        await this.recompute(campaign, [entityRef]);
      } catch (error) {
        this.deps.logger.warn(
          `Could not recompute campaign ${campaign.id} for ${entityRef}; the daily pass will`,
          error as Error,
        );
      }
    }
  }

  /** Every active campaign, whole; answers how many were recomputed. */
  async all(signal?: AbortSignal): Promise<number> {
    let done = 0;
    for (const campaign of await this.deps.store.list({ status: 'active' })) {
      if (signal?.aborted) break;
      try {
        if (await this.recompute(campaign)) done += 1;
      } catch (error) {
        this.deps.logger.error(
          `Could not recompute campaign ${campaign.id}`,
          error as Error,
        );
      }
    }
    return done;
  }

  /** The stored query, parsed as at creation; a query that no longer parses is logged and skipped. */
  private resolve(campaign: CampaignRecord): ResolvedImpactQuery | undefined {
    try {
      return parseImpactQuery({ ...campaign.query });
    } catch (error) {
      this.deps.logger.error(
        `Campaign ${campaign.id} has a query that no longer parses (${
          (error as Error).message
        }); it is not recomputed`,
      );
      return undefined;
    }
  }

  private serially<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(task);
    const settled = next.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }
}
