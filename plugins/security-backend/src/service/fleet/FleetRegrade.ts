import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { PolicySet } from '@posture/backstage-plugin-security-common';
import type { DatabaseFleetStore } from '../../database/DatabaseFleetStore';
import { readCatalogFacts } from './catalogFacts';
import { syntheticHistory } from './demoBackfill';
import { policyHash } from './policyHash';
import { addDays, utcDay } from './utcDays';

/** `posture_meta` key of the hash of the policy set the last complete regrade used. */
export const POLICY_HASH_KEY = 'regrade.policyHash';

const DEFAULT_BATCH_SIZE = 500;

/** What one run did, for the log and the benchmark. */
export interface FleetRegradeResult {
  /** Graded-kind entities the catalog listed (their facts were recorded). */
  entities: number;
  /** Summary rows read and regraded. */
  summaries: number;
  /** Rows whose grade, checks or secret ages changed and were written. */
  written: number;
  /** Rows whose regrade changed nothing. */
  unchanged: number;
  /** Rows an upload rewrote between the regrade's read and write: kept as the upload left them. */
  skipped: number;
  /** Today's snapshots. */
  snapshots: number;
  /** Synthetic demo snapshots added (only with `security.demo.backfillHistoryDays`). */
  backfilled: number;
  /** Snapshots and rollup rows deleted as older than the retention. */
  expired: { history: number; rollups: number };
  durationMs: number;
}

/**
 * The daily fleet pass ("grades that age"): records each graded entity's catalog facts and
 * the group tree, regrades every summary at `now` (scan age, secret ages and exemption expiry
 * move with time, not only with uploads), snapshots today's posture into the history with
 * its rollups, and drops history past the retention. Set-based throughout; safe to run while
 * uploads arrive (a row an upload rewrote meanwhile is skipped, not overwritten).
 */
export class FleetRegrade {
  constructor(
    private readonly deps: {
      store: DatabaseFleetStore;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      policies: PolicySet;
      /** Graded kinds, lower-case (`security.reports.entityKinds`). */
      entityKinds: readonly string[];
      /** Summaries regraded per read and write. */
      batchSize?: number;
      /** Demo only: invent this many days of history for entities that have none. */
      backfillHistoryDays?: number;
      /**
       * Called once today's snapshot and rollups are written (e.g. grade-drop notifications).
       * Its failure is logged, not the run's: the grades and history are stored already.
       */
      afterSnapshot?: (options: { day: string; now: Date }) => Promise<unknown>;
    },
  ) {}

  /** Whether the policy differs from the one the last complete run graded with (or none ran). */
  async policyChanged(): Promise<boolean> {
    const stored = await this.deps.store.getMeta(POLICY_HASH_KEY);
    return stored !== policyHash(this.deps.policies);
  }

  async run(
    options: { now?: Date; signal?: AbortSignal } = {},
  ): Promise<FleetRegradeResult> {
    const { store, policies, logger } = this.deps;
    const now = options.now ?? new Date();
    const signal = options.signal;
    const started = Date.now();

    const facts = await readCatalogFacts({
      catalog: this.deps.catalog,
      credentials: await this.deps.auth.getOwnServiceCredentials(),
      kinds: this.deps.entityKinds,
      signal,
    });
    await store.replaceFacts({ ...facts, seenAt: now });

    const counts = await this.regradeAll(now, signal);

    const today = utcDay(now);
    const snapshots = await store.snapshotDay(today);
    await store.rebuildRollups({ from: today, to: today });
    const backfilled = await this.backfill(today);
    const expired = await store.deleteHistoryBefore(
      addDays(today, -policies.historyRetentionDays),
    );
    await store.setMeta(POLICY_HASH_KEY, policyHash(policies));
    try {
      await this.deps.afterSnapshot?.({ day: today, now });
    } catch (error) {
      logger.warn(
        `Posture regrade: the after-snapshot step failed: ${
          (error as Error).message
        }`,
      );
    }

    const result: FleetRegradeResult = {
      entities: facts.entities.length,
      ...counts,
      snapshots,
      backfilled,
      expired,
      durationMs: Date.now() - started,
    };
    logger.info(
      `Posture regrade: ${result.entities} entities from the catalog, ${result.summaries} summaries regraded (${result.written} changed, ${result.skipped} left to a newer upload), ${snapshots} snapshots for ${today}, in ${result.durationMs} ms`,
    );
    return result;
  }

  private async regradeAll(now: Date, signal: AbortSignal | undefined) {
    const { store, policies } = this.deps;
    const limit = this.deps.batchSize ?? DEFAULT_BATCH_SIZE;
    const counts = { summaries: 0, written: 0, unchanged: 0, skipped: 0 };
    let after: string | null = null;
    for (;;) {
      signal?.throwIfAborted();
      const batch = await store.prepareRegrade({ after, limit, now, policies });
      if (batch.read === 0) break;
      const { written, skipped } = await store.applyRegrade(batch.changes);
      counts.summaries += batch.read;
      counts.written += written.length;
      counts.skipped += skipped.length;
      counts.unchanged += batch.read - batch.changes.length;
      if (batch.read < limit) break;
      after = batch.last;
    }
    return counts;
  }

  /** SYNTHETIC DEMO DATA (see demoBackfill.ts): only with `security.demo.backfillHistoryDays`. */
  private async backfill(today: string): Promise<number> {
    const days = this.deps.backfillHistoryDays;
    if (!days) return 0;
    const rows = syntheticHistory({
      snapshots: await this.deps.store.firstSnapshotsOn(today),
      today,
      days,
      policies: this.deps.policies,
    });
    if (rows.length === 0) return 0;
    await this.deps.store.insertHistory(rows);
    await this.deps.store.rebuildRollups({
      from: addDays(today, -days),
      to: addDays(today, -1),
    });
    this.deps.logger.info(
      `Posture demo: added ${rows.length} synthetic snapshots over the ${days} days before ${today} (security.demo.backfillHistoryDays)`,
    );
    return rows.length;
  }
}
