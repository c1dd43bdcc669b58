import type { Knex } from 'knex';
import { toIsoTimestamp } from './rows';

const TABLE = 'refresh_marks';

/**
 * When each entity was last refreshed on demand (`refresh_marks`), shared by every replica so
 * that the minimum interval between refreshes holds for the deployment, not per replica.
 */
export interface RefreshMarkStore {
  /**
   * Marks the entity refreshed at `now` unless it was within `minIntervalMs` before; answers
   * 0 when marked, else how many milliseconds remain. Two replicas at once: one marks.
   */
  claim(options: {
    entityRef: string;
    now: Date;
    minIntervalMs: number;
  }): Promise<number>;
  /** Moves the mark to when the refresh finished, so the interval counts from its end. */
  finished(options: { entityRef: string; now: Date }): Promise<void>;
}

/** Refs compare without regard to case, as the catalog matches them. */
const keyOf = (entityRef: string) => entityRef.toLocaleLowerCase('en-US');

/** {@link RefreshMarkStore} over knex, on PostgreSQL or SQLite. */
export class DatabaseRefreshMarkStore implements RefreshMarkStore {
  constructor(private readonly db: Knex) {}

  async claim(options: {
    entityRef: string;
    now: Date;
    minIntervalMs: number;
  }): Promise<number> {
    const { now, minIntervalMs } = options;
    const entityRef = keyOf(options.entityRef);
    const cutoff = new Date(now.getTime() - minIntervalMs).toISOString();
    // The conditional upsert is the decision: of two replicas at once, the second's WHERE
    // sees the first's mark (PostgreSQL waits for the row; SQLite has one writer).
    const marked = await this.db(TABLE)
      .insert({ entity_ref: entityRef, refreshed_at: now.toISOString() })
      .onConflict('entity_ref')
      .merge(['refreshed_at'])
      .where(`${TABLE}.refreshed_at`, '<=', cutoff)
      .returning('entity_ref');
    if (marked.length === 1) return 0;
    const row = await this.db(TABLE)
      .where({ entity_ref: entityRef })
      .first('refreshed_at');
    if (!row) return 0;
    const last = Date.parse(toIsoTimestamp(row.refreshed_at));
    return Math.max(1, last + minIntervalMs - now.getTime());
  }

  async finished(options: { entityRef: string; now: Date }): Promise<void> {
    await this.db(TABLE)
      .where({ entity_ref: keyOf(options.entityRef) })
      .update({ refreshed_at: options.now.toISOString() });
  }
}
