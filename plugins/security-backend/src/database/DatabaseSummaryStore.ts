import type {
  EntityPosture,
  PolicyGrade,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { entityTransaction } from './entityTransaction';
import {
  loadGradingInputs,
  type GradingInputs,
  type GradingInputsOptions,
} from './gradingInputs';
import type {
  Grader,
  PostureSections,
  PostureSummaryWrite,
  SummaryStore,
} from './PostureStore';
import { readPostureRow, writePostureRow } from './postureRows';
import { readSecretsOf, secretsSectionAt } from './secretRows';
import {
  DEFAULT_SUMMARY_OPTIONS,
  summarizeReports,
  type SummaryOptions,
} from './summarize';

/** Entities whose findings refreshFindings reads at a time. */
const REFRESH_BATCH = 200;

/** The policy-derived thresholds summaries and grading inputs are computed with. */
export type SummaryStoreOptions = SummaryOptions & GradingInputsOptions;

const NO_SECTIONS: PostureSections = {
  vulnerabilities: null,
  sbom: null,
  signature: null,
  secrets: null,
};

/**
 * The entity summaries. The other stores call {@link DatabaseSummaryStore.update} inside their
 * own transactions, so a summary always matches the rows it was computed from; the grader
 * (with the policy) is given once, here, never passed down by callers.
 */
export class DatabaseSummaryStore implements SummaryStore {
  /**
   * The thresholds of the configured policies (`security.policy.highEpss`, the lowest EPSS any
   * check counts): what the other stores pass to summarizeReports.
   */
  readonly options: SummaryStoreOptions;

  constructor(
    private readonly db: Knex,
    private readonly grade: Grader,
    options: Partial<SummaryStoreOptions> = {},
  ) {
    this.options = { ...DEFAULT_SUMMARY_OPTIONS, ...options };
  }

  get(options: { entityRef: string }): Promise<EntityPosture | undefined> {
    return readPostureRow(this.db, options.entityRef);
  }

  put(options: {
    entityRef: string;
    summary: PostureSummaryWrite;
  }): Promise<void> {
    return writePostureRow(this.db, options.entityRef, options.summary);
  }

  /** Rewrites the summary with some sections recomputed and the others as they were, regraded. */
  async update(
    trx: Knex.Transaction,
    options: {
      entityRef: string;
      changed: Partial<PostureSections>;
      now: Date;
    },
  ): Promise<void> {
    const { entityRef, now } = options;
    const previous = await readPostureRow(trx, entityRef);
    const sections: PostureSections = {
      ...sectionsOf(previous),
      ...options.changed,
    };
    const inputs = await this.inputsOf(trx, entityRef, now);
    await writePostureRow(trx, entityRef, {
      ...sections,
      ...this.grade(sections, inputs, now),
    });
  }

  /**
   * Regrades one entity now, in its write lock: after an exemption is decided or expires, or
   * when time alone changed what its checks say (secret ages are recounted at `now`).
   */
  async regrade(options: { entityRef: string; now: Date }): Promise<void> {
    const { entityRef, now } = options;
    await entityTransaction(this.db, entityRef, async trx => {
      const previous = await readPostureRow(trx, entityRef);
      if (!previous) {
        return;
      }
      const secrets = await readSecretsOf(trx, [entityRef]);
      await this.update(trx, {
        entityRef,
        changed: {
          secrets: secretsSectionAt(
            previous.secrets,
            secrets.get(entityRef) ?? [],
            now,
          ),
        },
        now,
      });
    });
  }

  /** The entity's grade at `now` under its policy, without writing anything (the CI gate). */
  async evaluate(options: {
    entityRef: string;
    now: Date;
  }): Promise<PolicyGrade> {
    const { entityRef, now } = options;
    const previous = await readPostureRow(this.db, entityRef);
    const secrets = await readSecretsOf(this.db, [entityRef]);
    const sections: PostureSections = {
      ...sectionsOf(previous),
      secrets: secretsSectionAt(
        previous?.secrets ?? null,
        secrets.get(entityRef) ?? [],
        now,
      ),
    };
    return this.grade(
      sections,
      await this.inputsOf(this.db, entityRef, now),
      now,
    );
  }

  /**
   * After a KEV or EPSS load (or anything else that changes what the findings are joined to),
   * recounts the vulnerabilities section and regrades each entity in its own write lock: one
   * slow entity never holds the others, and an upload in between is never overwritten with
   * counts read before it. Entities are listed a batch at a time, so memory stays flat over a
   * fleet of thousands; at 100,000 entities a recount takes minutes (docs/scaling.md), so it
   * can stop at its task's timeout and go on from its last batch.
   */
  async refreshFindings(options: {
    now: Date;
    entityRefs?: string[];
    after?: string;
    signal?: AbortSignal;
    onBatch?: (lastEntityRef: string) => Promise<void>;
  }): Promise<number> {
    let rewritten = 0;
    for await (const batch of this.batchesToRefresh(
      options.entityRefs,
      options.after,
    )) {
      for (const entityRef of batch) {
        options.signal?.throwIfAborted();
        if (await this.refreshOne(entityRef, options.now)) {
          rewritten += 1;
        }
      }
      await options.onBatch?.(batch[batch.length - 1]);
    }
    return rewritten;
  }

  /**
   * The given refs, or every entity with a scan report (after `after`, in entity_ref order),
   * REFRESH_BATCH at a time.
   */
  private async *batchesToRefresh(
    entityRefs: string[] | undefined,
    after: string | undefined,
  ): AsyncGenerator<string[]> {
    if (entityRefs) {
      const unique = [...new Set(entityRefs)];
      for (let i = 0; i < unique.length; i += REFRESH_BATCH) {
        yield unique.slice(i, i + REFRESH_BATCH);
      }
      return;
    }
    let last: string | null = after ?? null;
    for (;;) {
      const q = this.db('reports')
        .where('is_scan', true)
        .distinct('entity_ref')
        .orderBy('entity_ref')
        .limit(REFRESH_BATCH);
      if (last !== null) {
        q.where('entity_ref', '>', last);
      }
      const refs = (await q).map((r: { entity_ref: string }) => r.entity_ref);
      if (refs.length === 0) {
        return;
      }
      yield refs;
      if (refs.length < REFRESH_BATCH) {
        return;
      }
      last = refs[refs.length - 1];
    }
  }

  /** False when the entity has no summary yet: nothing to refresh. */
  private refreshOne(entityRef: string, now: Date): Promise<boolean> {
    return entityTransaction(this.db, entityRef, async trx => {
      if (!(await readPostureRow(trx, entityRef))) {
        return false;
      }
      const { vulnerabilities } = await summarizeReports(
        trx,
        entityRef,
        this.options,
      );
      await this.update(trx, { entityRef, changed: { vulnerabilities }, now });
      return true;
    });
  }

  private async inputsOf(
    db: Knex | Knex.Transaction,
    entityRef: string,
    now: Date,
  ): Promise<GradingInputs> {
    return (await loadGradingInputs(db, [entityRef], now, this.options)).get(
      entityRef,
    )!;
  }
}

function sectionsOf(posture: EntityPosture | undefined): PostureSections {
  if (!posture) {
    return NO_SECTIONS;
  }
  return {
    vulnerabilities: posture.vulnerabilities,
    sbom: posture.sbom,
    signature: posture.signature,
    secrets: posture.secrets,
  };
}
