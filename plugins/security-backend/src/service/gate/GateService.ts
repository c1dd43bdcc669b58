import type {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type {
  Exemption,
  GateResult,
} from '@posture/backstage-plugin-security-common';
import type { ExemptionStore } from '../../database/DatabaseExemptionStore';
import type { PostureStore } from '../../database/PostureStore';
import type { EntityAccess, EntityName } from '../EntityAccess';

/** Exemptions are read in pages of this many, so none is ever left out of the answer. */
const EXEMPTION_PAGE = 500;

/**
 * The CI gate: the entity graded now under its policy, pass or fail on the policy's gate
 * checks. Nothing is written; a failing gate is an answer, not an error.
 */
export class GateService {
  private readonly now: () => Date;

  constructor(
    private readonly deps: {
      access: EntityAccess;
      auditor: AuditorService;
      store: PostureStore;
      exemptions: Pick<ExemptionStore, 'list'>;
      /** The clock the gate grades at (tests move it past an exemption's expiry). */
      now?: () => Date;
    },
  ) {
    this.now = deps.now ?? (() => new Date());
  }

  async evaluate(
    name: EntityName,
    credentials: BackstageCredentials,
  ): Promise<GateResult> {
    const auditorEvent = await this.deps.auditor.createEvent({
      eventId: 'gate-evaluate',
      severityLevel: 'low',
      meta: { entityRef: stringifyEntityRef(name) },
    });
    try {
      const { entityRef } = await this.deps.access.authorizeRead(
        name,
        credentials,
      );
      const now = this.now();
      const [grade, exemptions] = await Promise.all([
        this.deps.store.summaries.evaluate({ entityRef, now }),
        this.approvedExemptions(entityRef, now),
      ]);
      const result: GateResult = {
        pass: grade.gate.pass,
        entityRef,
        policy: grade.policy,
        grade: grade.grade,
        score: grade.score,
        violations: grade.gate.violations.map(
          ({ check, status, message, fix }) => ({
            check,
            status,
            message,
            fix,
          }),
        ),
        exemptions,
      };
      await auditorEvent.success({
        meta: { entityRef, pass: result.pass },
      });
      return result;
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  }

  /** The entity's approved exemptions that have not expired at `now`, newest first. */
  private async approvedExemptions(
    entityRef: string,
    now: Date,
  ): Promise<Exemption[]> {
    const all: Exemption[] = [];
    for (let offset = 0; ; offset += EXEMPTION_PAGE) {
      const page = await this.deps.exemptions.list({
        entityRef,
        status: 'approved',
        now,
        offset,
        limit: EXEMPTION_PAGE,
      });
      all.push(...page);
      if (page.length < EXEMPTION_PAGE) {
        return all;
      }
    }
  }
}
