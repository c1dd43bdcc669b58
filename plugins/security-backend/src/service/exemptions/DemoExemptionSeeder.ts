import { randomUUID } from 'crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { PolicyCheckId } from '@posture/backstage-plugin-security-common';
import type { ExemptionStore } from '../../database/DatabaseExemptionStore';
import type { Regrade } from './ExemptionService';

const DAY_MS = 24 * 60 * 60 * 1000;

/** One example exemption of `security.demo.exemptions`. */
export interface DemoExemption {
  entityRef: string;
  check: PolicyCheckId;
  findingId: string | null;
  justification: string;
  /** Who asked (a user of the example org). */
  requester: string;
  /** Who approved it; absent, it stays pending for the demo's visitor to decide. */
  approver?: string;
  expiresInDays: number;
}

/**
 * Writes the demo's example exemptions straight into the store, as if their requesters had
 * asked and their approvers decided, so the Security tab shows a pending request to approve
 * and an approved one at work. Skips any that is already open, so restarts add nothing.
 */
export class DemoExemptionSeeder {
  constructor(
    private readonly deps: {
      store: ExemptionStore;
      regrade: Regrade;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  async run(items: readonly DemoExemption[]): Promise<number> {
    const now = this.deps.now?.() ?? new Date();
    let seeded = 0;
    for (const item of items) {
      const created = await this.deps.store.create({
        exemption: {
          id: randomUUID(),
          entityRef: item.entityRef,
          check: item.check,
          findingId: item.findingId,
          justification: item.justification,
          requester: item.requester,
          expiresAt: new Date(now.getTime() + item.expiresInDays * DAY_MS),
        },
        now,
      });
      if (created.outcome === 'duplicate') {
        continue;
      }
      seeded += 1;
      if (item.approver) {
        await this.deps.store.decide({
          id: created.exemption.id,
          status: 'approved',
          approver: item.approver,
          comment: 'Approved for the demo',
          now,
        });
        // Nothing happens for an entity whose reports are not seeded yet: their first write
        // grades with the approved exemption anyway.
        await this.deps.regrade({ entityRef: item.entityRef, now });
      }
    }
    if (seeded > 0) {
      this.deps.logger.info(
        `Seeded ${seeded} demo exemption(s) from security.demo.exemptions`,
      );
    }
    return seeded;
  }
}
