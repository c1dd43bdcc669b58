import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type {
  SecretRequestStore,
  StoredSecretRequest,
} from '../../database/DatabaseSecretRequestStore';
import { auditMeta, POSTURE_ACTOR } from './secretRequestAudit';
import type { SecretRequestNotifier } from './SecretRequestNotifier';

/** Requests marked per turn. */
const BATCH = 200;

/**
 * The scheduled pass that marks pending requests nobody decided on in time as `expired`, each
 * with its history event, a `secret-request-expire` auditor event and a notice to the
 * requester. Reads and decisions already treat such a request as expired before this runs;
 * this records it and frees the secret's name for a new request.
 */
export class SecretRequestExpiry {
  private readonly now: () => Date;

  constructor(
    private readonly deps: {
      store: SecretRequestStore;
      auditor: AuditorService;
      logger: LoggerService;
      notifier: SecretRequestNotifier;
      now?: () => Date;
    },
  ) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Answers how many requests this pass marked expired. */
  async run(signal?: AbortSignal): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.deps.store.expire({
        now: this.now(),
        limit: BATCH,
      });
      await this.announce(expired);
      total += expired.length;
      if (expired.length < BATCH || signal?.aborted) {
        break;
      }
    }
    if (total > 0) {
      this.deps.logger.info(`Marked ${total} secret request(s) expired`);
    }
    return total;
  }

  /** Marks one request expired now, if it is pending and past its expiry. */
  async expireNow(id: string): Promise<void> {
    await this.announce(
      await this.deps.store.expire({ now: this.now(), limit: 1, id }),
    );
  }

  private async announce(expired: StoredSecretRequest[]): Promise<void> {
    for (const request of expired) {
      const event = await this.deps.auditor.createEvent({
        eventId: 'secret-request-expire',
        severityLevel: 'low',
        meta: auditMeta(request, POSTURE_ACTOR),
      });
      await event.success({ meta: auditMeta(request, POSTURE_ACTOR) });
      await this.deps.notifier.changed(request, 'expired');
    }
  }
}
