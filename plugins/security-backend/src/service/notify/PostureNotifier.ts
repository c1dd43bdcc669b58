import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { DateTime } from 'luxon';
import type {
  GradeDrop,
  NotificationStore,
} from '../../database/DatabaseNotificationStore';
import {
  exemptionExpiryPayload,
  GRADE_DROP_TOPIC,
  gradeDropPayload,
} from './notificationMessages';

/** Approved exemptions ending within this many days are announced. */
export const EXPIRY_NOTICE_DAYS = 7;
/** Sent-batch records older than this many days are forgotten. */
const BATCH_RETENTION_DAYS = 30;

export interface NotifierRun {
  /** Owners sent a grade-drop notification by this run. */
  gradeDropBatches: number;
  /** Exemptions whose expiry notice this run sent. */
  expiryNotices: number;
  /** Sends that failed; each is retried by the next run on the same day (or, for expiries, any later run). */
  failed: number;
}

/**
 * The daily notifications, run once after the regrade wrote the day's snapshot: one
 * notification per owning group whose entities dropped a grade since yesterday, and one per
 * approved exemption that expires within a week. Each is claimed in the database before it is
 * sent, so running twice (or on two instances) sends nothing twice.
 */
export class PostureNotifier {
  constructor(
    private readonly deps: {
      store: NotificationStore;
      notifications: NotificationService;
      logger: LoggerService;
    },
  ) {}

  /** `day` is the snapshot's UTC day ('YYYY-MM-DD'); `now` the moment the run happens. */
  async afterSnapshot(options: {
    day: string;
    now: Date;
  }): Promise<NotifierRun> {
    const { day, now } = options;
    const parsed = DateTime.fromFormat(day, 'yyyy-MM-dd', { zone: 'utc' });
    if (!parsed.isValid) {
      throw new TypeError(`Snapshot day must be YYYY-MM-DD, got '${day}'`);
    }
    const run: NotifierRun = {
      gradeDropBatches: 0,
      expiryNotices: 0,
      failed: 0,
    };
    await this.notifyGradeDrops(
      day,
      parsed.minus({ days: 1 }).toISODate()!,
      now,
      run,
    );
    await this.notifyExpiringExemptions(now, run);
    await this.deps.store.pruneBatches({
      before: parsed.minus({ days: BATCH_RETENTION_DAYS }).toISODate()!,
    });
    this.deps.logger.info(
      `Posture notifications for ${day}: ${run.gradeDropBatches} grade-drop batch(es), ${run.expiryNotices} exemption expiry notice(s), ${run.failed} failed`,
    );
    return run;
  }

  private async notifyGradeDrops(
    day: string,
    previousDay: string,
    now: Date,
    run: NotifierRun,
  ): Promise<void> {
    const { store, notifications, logger } = this.deps;
    const byOwner = new Map<string, GradeDrop[]>();
    for (const drop of await store.gradeDrops({ day, previousDay })) {
      byOwner.set(drop.ownerRef, [...(byOwner.get(drop.ownerRef) ?? []), drop]);
    }
    for (const [ownerRef, drops] of byOwner) {
      const batch = { topic: GRADE_DROP_TOPIC, recipient: ownerRef, day };
      if (!(await store.claimBatch({ ...batch, now }))) {
        continue;
      }
      try {
        await notifications.send({
          recipients: { type: 'entity', entityRef: ownerRef },
          payload: gradeDropPayload(ownerRef, day, drops),
        });
        run.gradeDropBatches += 1;
      } catch (error) {
        run.failed += 1;
        await store.releaseBatch(batch);
        logger.warn(
          `Could not notify ${ownerRef} of ${drops.length} grade drop(s) on ${day}; the next run today retries`,
          error as Error,
        );
      }
    }
  }

  private async notifyExpiringExemptions(
    now: Date,
    run: NotifierRun,
  ): Promise<void> {
    const { store, notifications, logger } = this.deps;
    const until = new Date(now.getTime() + EXPIRY_NOTICE_DAYS * 86_400_000);
    for (const exemption of await store.expiringExemptions({ now, until })) {
      if (!(await store.claimExpiryNotice({ id: exemption.id, now }))) {
        continue;
      }
      const recipients = [
        ...new Set(
          [exemption.ownerRef, exemption.requester].filter(
            (ref): ref is string => Boolean(ref),
          ),
        ),
      ];
      try {
        await notifications.send({
          recipients: { type: 'entity', entityRef: recipients },
          payload: exemptionExpiryPayload(exemption),
        });
        run.expiryNotices += 1;
      } catch (error) {
        run.failed += 1;
        await store.releaseExpiryNotice({ id: exemption.id });
        logger.warn(
          `Could not notify ${recipients.join(', ')} that exemption ${
            exemption.id
          } of ${exemption.entityRef} expires; the next run retries`,
          error as Error,
        );
      }
    }
  }
}
