import type { DatabaseService } from '@backstage/backend-plugin-api';
import type {
  HistoryItem,
  PolicySet,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import {
  replaceFacts,
  type CatalogTitle,
  type GroupAncestry,
} from './fleet/factsRows';
import {
  deleteHistoryBefore,
  firstSnapshotsOn,
  insertHistory,
  readHistory,
  rebuildRollups,
  snapshotDay,
  type FirstSnapshot,
  type HistoryRow,
} from './fleet/historyRows';
import {
  applyRegrade,
  prepareRegrade,
  type RegradeBatch,
  type RegradeChange,
} from './fleet/regradeRows';
import type { EntityFacts } from './gradingInputs';

export type { CatalogTitle, GroupAncestry } from './fleet/factsRows';
export {
  FLEET_GROUP_REF,
  type FirstSnapshot,
  type HistoryRow,
  type RollupGroupBy,
} from './fleet/historyRows';
export type { RegradeBatch, RegradeChange } from './fleet/regradeRows';

/**
 * The fleet's tables: catalog facts per entity, the group tree, the batch regrade of every
 * summary, daily history with its per-group rollups, and small remembered settings. Every
 * method is a few set-based statements, so the daily pass over 10,000 entities stays short.
 */
export class DatabaseFleetStore {
  constructor(private readonly db: Knex) {}

  /** Over the plugin's database; its tables come with `DatabasePostureStore.create`'s migrations. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseFleetStore> {
    return new DatabaseFleetStore(await options.database.getClient());
  }

  /** Replaces all catalog facts, tags and the group closure with one catalog walk's. */
  replaceFacts(options: {
    entities: readonly EntityFacts[];
    ancestry: readonly GroupAncestry[];
    titles?: readonly CatalogTitle[];
    seenAt: Date;
  }): Promise<void> {
    return replaceFacts(this.db, options);
  }

  /**
   * Grades up to `limit` summaries after `after` (entity ref order) at `now`; reads only.
   * Pass the result to {@link DatabaseFleetStore.applyRegrade}.
   */
  prepareRegrade(options: {
    after: string | null;
    limit: number;
    now: Date;
    policies: PolicySet;
  }): Promise<RegradeBatch> {
    return prepareRegrade(this.db, options);
  }

  /** Writes the changed rows whose version did not move since they were read. */
  applyRegrade(
    changes: readonly RegradeChange[],
  ): Promise<{ written: string[]; skipped: string[] }> {
    return applyRegrade(this.db, changes);
  }

  /** Snapshots every entity with facts as of `day` (YYYY-MM-DD); answers the day's row count. */
  snapshotDay(day: string): Promise<number> {
    return snapshotDay(this.db, day);
  }

  /** Recounts the per-group rollups of the days `from` to `to`, inclusive. */
  rebuildRollups(range: { from: string; to: string }): Promise<void> {
    return rebuildRollups(this.db, range);
  }

  /** Deletes snapshots and rollups of days before `day`. */
  deleteHistoryBefore(
    day: string,
  ): Promise<{ history: number; rollups: number }> {
    return deleteHistoryBefore(this.db, day);
  }

  /** An entity's snapshots from `from` (YYYY-MM-DD) on, oldest first. */
  readHistory(options: {
    entityRef: string;
    from: string;
  }): Promise<HistoryItem[]> {
    return readHistory(this.db, options);
  }

  /** Snapshots of `day` of entities with no earlier history (candidates for the demo backfill). */
  firstSnapshotsOn(day: string): Promise<FirstSnapshot[]> {
    return firstSnapshotsOn(this.db, day);
  }

  /** Inserts snapshots of days that have none for their entity yet. */
  insertHistory(rows: readonly HistoryRow[]): Promise<void> {
    return insertHistory(this.db, rows);
  }

  /** A remembered setting (`posture_meta`), e.g. the hash of the policy last regraded with. */
  async getMeta(key: string): Promise<string | undefined> {
    const row: { value: string } | undefined = await this.db('posture_meta')
      .where({ key })
      .first('value');
    return row?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.db('posture_meta')
      .insert({ key, value })
      .onConflict('key')
      .merge();
  }
}
