import { randomUUID } from 'crypto';
import type { Knex } from 'knex';
import { isPostgres } from '../fleet/dialect';
import { toIsoTimestamp } from '../rows';

const TABLE = 'work_queue';
/** Stored longest, in characters, for the last failure of an item. */
const MAX_ERROR = 2000;

/** A queue row this replica holds a claim on. */
export interface ClaimedWork {
  /** `<kind>:<key>`. */
  key: string;
  kind: string;
  /** JSON text, as enqueued. */
  payload: string;
  /** Identifies this claim: only its holder may renew, finish or release it. */
  claimId: string;
  /** Claims so far, this one included. */
  attempts: number;
}

/** A queue row as it stands, for status and tests. */
export interface QueuedWork {
  key: string;
  kind: string;
  rerun: boolean;
  claimedBy: string | null;
  leaseUntil: string | null;
  runAfter: string;
  attempts: number;
  lastError: string | null;
}

export type FinishResult =
  /** Done and removed. */
  | { outcome: 'done' }
  /** Asked for again while it ran: claimed anew for the same holder, to run once more. */
  | { outcome: 'again'; item: ClaimedWork }
  /** The claim ran out and another replica holds the item now; nothing was changed. */
  | { outcome: 'lost' };

/**
 * Background work shared by every replica (`work_queue`). An item is pending (no claim),
 * running (claimed, lease in the future) or abandoned (claimed, lease past: its replica
 * died), and claiming is a conditional write, so two replicas never run one item at once.
 */
export interface WorkQueueStore {
  /**
   * Records the work unless an item with its key is pending or running already. `fresh`: a
   * running item is marked to run once more after it finishes (its run may have read the
   * state before the caller's change), and a pending one backing off after a failure is due
   * at once.
   */
  enqueue(options: {
    key: string;
    kind: string;
    payload: string;
    fresh: boolean;
    now: Date;
  }): Promise<void>;
  /** Claims the item with this key if it is due and nobody holds it (or its lease ran out). */
  claim(options: {
    key: string;
    worker: string;
    leaseMs: number;
    now: Date;
  }): Promise<ClaimedWork | undefined>;
  /**
   * Claims up to `limit` due items of these kinds that nobody holds (or whose lease ran out),
   * oldest first. On PostgreSQL rows another replica is claiming at the same moment are
   * skipped (`FOR UPDATE SKIP LOCKED`), so concurrent sweeps take different items.
   */
  claimDue(options: {
    kinds: readonly string[];
    worker: string;
    leaseMs: number;
    now: Date;
    limit: number;
  }): Promise<ClaimedWork[]>;
  /** Extends the lease of a claim still held; false when it was lost. */
  renew(options: {
    key: string;
    claimId: string;
    leaseMs: number;
    now: Date;
  }): Promise<boolean>;
  /** The run of a claim succeeded: removes the item, or claims it again if asked for meanwhile. */
  finish(options: {
    item: ClaimedWork;
    worker: string;
    leaseMs: number;
    now: Date;
  }): Promise<FinishResult>;
  /**
   * The run of a claim failed: the item is due again at `retryAt`, or removed when `retryAt`
   * is null (given up), unless it was asked for again meanwhile (then it is due now).
   */
  release(options: {
    item: ClaimedWork;
    error: string;
    retryAt: Date | null;
    now: Date;
  }): Promise<'retry' | 'dropped' | 'lost'>;
  /** Every item, oldest first. */
  list(): Promise<QueuedWork[]>;
}

interface WorkRow {
  key: string;
  kind: string;
  payload: string;
  rerun: boolean | number;
  claimed_by: string | null;
  claim_id: string | null;
  lease_until: Date | string | null;
  run_after: Date | string;
  attempts: number;
  enqueued_at: Date | string;
  last_error: string | null;
}

const CLAIMED_COLUMNS = ['key', 'kind', 'payload', 'claim_id', 'attempts'];

function toClaimed(
  row: Pick<WorkRow, 'key' | 'kind' | 'payload' | 'attempts'> & {
    claim_id: string | null;
  },
): ClaimedWork {
  return {
    key: row.key,
    kind: row.kind,
    payload: row.payload,
    claimId: row.claim_id!,
    attempts: Number(row.attempts),
  };
}

const iso = (date: Date) => date.toISOString();
const plus = (date: Date, ms: number) => new Date(date.getTime() + ms);

/**
 * Due and not held: never claimed (or released), or held by a claim whose lease ran out.
 * Timestamps are ISO 8601 UTC strings on SQLite, which compare in time order as text.
 */
function claimable(query: Knex.QueryBuilder, now: Date): Knex.QueryBuilder {
  return query
    .where('run_after', '<=', iso(now))
    .andWhere(q =>
      q.whereNull('claim_id').orWhere('lease_until', '<', iso(now)),
    );
}

/** {@link WorkQueueStore} over knex, on PostgreSQL or SQLite. */
export class DatabaseWorkQueueStore implements WorkQueueStore {
  constructor(private readonly db: Knex) {}

  async enqueue(options: {
    key: string;
    kind: string;
    payload: string;
    fresh: boolean;
    now: Date;
  }): Promise<void> {
    const { key, kind, payload, fresh, now } = options;
    const insert = this.db(TABLE).insert({
      key,
      kind,
      payload,
      rerun: false,
      claimed_by: null,
      claim_id: null,
      lease_until: null,
      run_after: iso(now),
      attempts: 0,
      enqueued_at: iso(now),
      last_error: null,
    });
    if (!fresh) {
      await insert.onConflict('key').ignore();
      return;
    }
    // One statement, so a claimant finishing at the same moment either sees the mark (and
    // runs again) or has removed the row first (and this inserts a new one).
    await insert.onConflict('key').merge({
      rerun: this.db.raw(
        `CASE WHEN ${TABLE}.claim_id IS NULL THEN ${TABLE}.rerun ELSE TRUE END`,
      ),
      run_after: this.db.raw(
        `CASE WHEN ${TABLE}.claim_id IS NULL THEN ? ELSE ${TABLE}.run_after END`,
        [iso(now)],
      ),
      attempts: this.db.raw(
        `CASE WHEN ${TABLE}.claim_id IS NULL THEN 0 ELSE ${TABLE}.attempts END`,
      ),
    });
  }

  async claim(options: {
    key: string;
    worker: string;
    leaseMs: number;
    now: Date;
  }): Promise<ClaimedWork | undefined> {
    const { key, worker, leaseMs, now } = options;
    const claimId = randomUUID();
    const changed = await claimable(this.db(TABLE).where({ key }), now).update(
      this.claimColumns(worker, claimId, leaseMs, now),
    );
    if (changed !== 1) return undefined;
    const row = await this.db(TABLE)
      .where({ key, claim_id: claimId })
      .first(CLAIMED_COLUMNS);
    return row ? toClaimed(row) : undefined;
  }

  async claimDue(options: {
    kinds: readonly string[];
    worker: string;
    leaseMs: number;
    now: Date;
    limit: number;
  }): Promise<ClaimedWork[]> {
    const { kinds, worker, leaseMs, now, limit } = options;
    if (kinds.length === 0 || limit <= 0) return [];
    const claimId = randomUUID();
    const due = claimable(this.db(TABLE).whereIn('kind', [...kinds]), now)
      .orderBy('run_after', 'asc')
      .limit(limit)
      .select('key');
    await this.db(TABLE)
      .whereIn('key', isPostgres(this.db) ? due.forUpdate().skipLocked() : due)
      .update(this.claimColumns(worker, claimId, leaseMs, now));
    const rows = await this.db(TABLE)
      .where({ claim_id: claimId })
      .orderBy('run_after', 'asc')
      .select(CLAIMED_COLUMNS);
    return rows.map(toClaimed);
  }

  async renew(options: {
    key: string;
    claimId: string;
    leaseMs: number;
    now: Date;
  }): Promise<boolean> {
    const { key, claimId, leaseMs, now } = options;
    const changed = await this.db(TABLE)
      .where({ key, claim_id: claimId })
      .update({ lease_until: iso(plus(now, leaseMs)) });
    return changed === 1;
  }

  async finish(options: {
    item: ClaimedWork;
    worker: string;
    leaseMs: number;
    now: Date;
  }): Promise<FinishResult> {
    const { item, worker, leaseMs, now } = options;
    const held = { key: item.key, claim_id: item.claimId };
    // A fresh request may land between the two statements; the loop sees it next time round.
    for (;;) {
      const claimId = randomUUID();
      const again = await this.db(TABLE)
        .where(held)
        .andWhere('rerun', true)
        .update({
          ...this.claimColumns(worker, claimId, leaseMs, now),
          attempts: 1,
        });
      if (again === 1) {
        return {
          outcome: 'again',
          item: { ...item, claimId, attempts: 1 },
        };
      }
      const removed = await this.db(TABLE)
        .where(held)
        .andWhere('rerun', false)
        .delete();
      if (removed === 1) return { outcome: 'done' };
      const still = await this.db(TABLE).where(held).first('key');
      if (!still) return { outcome: 'lost' };
    }
  }

  async release(options: {
    item: ClaimedWork;
    error: string;
    retryAt: Date | null;
    now: Date;
  }): Promise<'retry' | 'dropped' | 'lost'> {
    const { item, error, retryAt, now } = options;
    const held = { key: item.key, claim_id: item.claimId };
    const unclaimed = {
      claimed_by: null,
      claim_id: null,
      lease_until: null,
      last_error: error.slice(0, MAX_ERROR),
    };
    if (retryAt === null) {
      const removed = await this.db(TABLE)
        .where(held)
        .andWhere('rerun', false)
        .delete();
      if (removed === 1) return 'dropped';
    }
    // Asked for again while it ran: a new request, due now with its retries counted afresh.
    const changed = await this.db(TABLE)
      .where(held)
      .update({
        ...unclaimed,
        run_after: this.db.raw(
          `CASE WHEN rerun THEN ${this.timestamp()} ELSE ${this.timestamp()} END`,
          [iso(now), iso(retryAt ?? now)],
        ),
        attempts: this.db.raw('CASE WHEN rerun THEN 0 ELSE attempts END'),
        rerun: false,
      });
    return changed === 1 ? 'retry' : 'lost';
  }

  async list(): Promise<QueuedWork[]> {
    const rows: WorkRow[] = await this.db(TABLE)
      .orderBy([
        { column: 'enqueued_at', order: 'asc' },
        { column: 'key', order: 'asc' },
      ])
      .select();
    return rows.map(row => ({
      key: row.key,
      kind: row.kind,
      rerun: Boolean(row.rerun),
      claimedBy: row.claimed_by ?? null,
      leaseUntil:
        row.lease_until === null ? null : toIsoTimestamp(row.lease_until),
      runAfter: toIsoTimestamp(row.run_after),
      attempts: Number(row.attempts),
      lastError: row.last_error ?? null,
    }));
  }

  /** A timestamp parameter where nothing else gives PostgreSQL its type (SQLite keeps text). */
  private timestamp(): string {
    return isPostgres(this.db) ? 'CAST(? AS timestamptz)' : '?';
  }

  private claimColumns(
    worker: string,
    claimId: string,
    leaseMs: number,
    now: Date,
  ) {
    return {
      claimed_by: worker,
      claim_id: claimId,
      lease_until: iso(plus(now, leaseMs)),
      attempts: this.db.raw('attempts + 1'),
      // The run that starts now reads every change made before it.
      rerun: false,
    };
  }
}
