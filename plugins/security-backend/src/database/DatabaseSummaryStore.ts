import type { EntityPosture } from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import type {
  Grader,
  PostureSections,
  PostureSummaryWrite,
  SummaryStore,
} from './PostureStore';
import { readPostureRow, writePostureRow } from './postureRows';

/**
 * The entity summaries. The other stores call {@link DatabaseSummaryStore.update} inside their
 * own transactions, so a summary always matches the rows it was computed from; the grader is
 * given once, here, never passed down by callers.
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
    const previous = await readPostureRow(trx, options.entityRef);
    const sections: PostureSections = {
      vulnerabilities: previous?.vulnerabilities ?? null,
      sbom: previous?.sbom ?? null,
      signature: previous?.signature ?? null,
      secrets: previous?.secrets ?? null,
      ...options.changed,
    };
    await writePostureRow(trx, options.entityRef, {
      ...sections,
      ...this.grade(sections, options.now),
    });
  }
}
