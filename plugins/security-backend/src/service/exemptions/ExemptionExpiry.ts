import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { ExemptionStore } from '../../database/DatabaseExemptionStore';
import { auditMeta, type Regrade } from './ExemptionService';

/** Exemptions marked per turn; a turn's regrades finish before the next is read. */
const BATCH = 200;

/**
 * The scheduled pass that marks exemptions whose expiry has passed as `expired` and regrades
 * the entities an approved one covered, so their checks reopen in the stored posture, the
 * scorecards and the history. Reads and grading already ignore an exemption past its expiry
 * before this runs; this makes the stored grades say so too.
 */
export class ExemptionExpiry {
  private readonly now: () => Date;

  constructor(
    private readonly deps: {
      store: ExemptionStore;
      regrade: Regrade;
      auditor: AuditorService;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Answers how many exemptions this pass marked expired. */
  async run(signal?: AbortSignal): Promise<number> {
    const now = this.now();
    let total = 0;
    for (;;) {
      const expired = await this.deps.store.expire({ now, limit: BATCH });
      for (const { exemption, previous } of expired) {
        const event = await this.deps.auditor.createEvent({
          eventId: 'exemption-expire',
          severityLevel: 'low',
          meta: auditMeta(exemption, 'plugin:security'),
        });
        try {
          // A pending request that ran out covered nothing: its entity's grade is unchanged.
          if (previous === 'approved') {
            await this.deps.regrade({ entityRef: exemption.entityRef, now });
          }
          await event.success({
            meta: auditMeta(exemption, 'plugin:security'),
          });
        } catch (error) {
          this.deps.logger.error(
            `Could not regrade ${exemption.entityRef} after exemption ${exemption.id} expired: ${error}`,
          );
          await event.fail({
            error: error as Error,
            meta: auditMeta(exemption, 'plugin:security'),
          });
        }
      }
      total += expired.length;
      if (expired.length < BATCH || signal?.aborted) {
        break;
      }
    }
    if (total > 0) {
      this.deps.logger.info(`Marked ${total} exemption(s) expired`);
    }
    return total;
  }
}
