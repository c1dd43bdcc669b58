import type {
  EntityPosture,
  PolicyGrade,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { entityTransaction } from './entityTransaction';
import { loadGradingInputs, type GradingInputs } from './gradingInputs';
import type {
  Grader,
  PostureSections,
  PostureSummaryWrite,
  SummaryStore,
} from './PostureStore';
import { readPostureRow, writePostureRow } from './postureRows';
import { readSecretsOf, secretsSectionAt } from './secretRows';

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
  constructor(private readonly db: Knex, private readonly grade: Grader) {}

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

  async refreshFindings(_options: {
    now: Date;
    entityRefs?: string[];
  }): Promise<number> {
    // Contract for #14: implemented by the grading work.
    throw new Error('not implemented yet');
  }

  private async inputsOf(
    db: Knex | Knex.Transaction,
    entityRef: string,
    now: Date,
  ): Promise<GradingInputs> {
    return (await loadGradingInputs(db, [entityRef], now)).get(entityRef)!;
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
