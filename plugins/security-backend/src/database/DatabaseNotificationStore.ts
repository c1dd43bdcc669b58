import {
  GRADE_BANDS,
  type Grade,
  type PolicyCheckId,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { toIsoTimestamp } from './rows';

/** An entity graded at least one band lower on `day` than on the day before. */
export interface GradeDrop {
  entityRef: string;
  /** The catalog title as of the last regrade; null for an entity not recorded yet. */
  title: string | null;
  ownerRef: string;
  from: Grade;
  to: Grade;
}

/** An approved exemption that expires soon and whose owners were not told yet. */
export interface ExpiringExemption {
  id: string;
  entityRef: string;
  title: string | null;
  ownerRef: string | null;
  requester: string;
  check: PolicyCheckId;
  findingId: string | null;
  expiresAt: string;
}

/** What the daily notifications read, and what they remember having sent. */
export interface NotificationStore {
  /** Entities with a grade on both days whose grade on `day` is below the one on `previousDay`. */
  gradeDrops(options: {
    day: string;
    previousDay: string;
  }): Promise<GradeDrop[]>;
  /**
   * Records that the batch of `topic` for `recipient` on `day` is being sent; false when it
   * already was (by an earlier run, or a run on another instance at the same moment).
   */
  claimBatch(options: {
    topic: string;
    recipient: string;
    day: string;
    now: Date;
  }): Promise<boolean>;
  /** Forgets a claimed batch whose sending failed, so a later run retries it. */
  releaseBatch(options: {
    topic: string;
    recipient: string;
    day: string;
  }): Promise<void>;
  /** Forgets batches of days before `day` (only the current day's are ever checked). */
  pruneBatches(options: { before: string }): Promise<void>;
  /** Approved exemptions expiring after `now` and at or before `until`, not notified yet. */
  expiringExemptions(options: {
    now: Date;
    until: Date;
  }): Promise<ExpiringExemption[]>;
  /** Marks the exemption's expiry notice as sent; false when it already was. */
  claimExpiryNotice(options: { id: string; now: Date }): Promise<boolean>;
  /** Unmarks it after a failed send, so a later run retries. */
  releaseExpiryNotice(options: { id: string }): Promise<void>;
}

/** A grade's position from best (A, 0) to worst (F). */
function gradeRank(grade: string): number {
  return GRADE_BANDS.findIndex(([band]) => band === grade);
}

/** {@link NotificationStore} over knex, on PostgreSQL or SQLite. */
export class DatabaseNotificationStore implements NotificationStore {
  constructor(private readonly db: Knex) {}

  async gradeDrops(options: {
    day: string;
    previousDay: string;
  }): Promise<GradeDrop[]> {
    // Only rows whose grade changed come back (few); which way it changed is decided below
    // from the bands, not from letter order in SQL.
    const rows: Array<{
      entity_ref: string;
      owner_ref: string;
      title: string | null;
      from_grade: string;
      to_grade: string;
    }> = await this.db('posture_history as t')
      .join('posture_history as y', join =>
        join
          .on('y.entity_ref', '=', 't.entity_ref')
          .andOn('y.day', '=', this.db.raw('?', [options.previousDay])),
      )
      .leftJoin('posture_entities as e', 'e.entity_ref', 't.entity_ref')
      .where('t.day', options.day)
      .whereNotNull('t.grade')
      .whereNotNull('y.grade')
      .whereNotNull('t.owner_ref')
      .whereRaw('t.grade <> y.grade')
      .select(
        't.entity_ref',
        't.owner_ref',
        'e.title',
        'y.grade as from_grade',
        't.grade as to_grade',
      )
      .orderBy('t.entity_ref');
    return rows
      .filter(row => {
        const from = gradeRank(row.from_grade);
        const to = gradeRank(row.to_grade);
        return from >= 0 && to > from;
      })
      .map(row => ({
        entityRef: row.entity_ref,
        title: row.title ?? null,
        ownerRef: row.owner_ref,
        from: row.from_grade as Grade,
        to: row.to_grade as Grade,
      }));
  }

  async claimBatch(options: {
    topic: string;
    recipient: string;
    day: string;
    now: Date;
  }): Promise<boolean> {
    const { topic, recipient, day, now } = options;
    // One statement: of two runs at once exactly one inserts the row and sends.
    const inserted = await this.db('posture_notifications')
      .insert({ topic, recipient, day, sent_at: now.toISOString() })
      .onConflict(['topic', 'recipient', 'day'])
      .ignore()
      .returning('day');
    return inserted.length === 1;
  }

  async releaseBatch(options: {
    topic: string;
    recipient: string;
    day: string;
  }): Promise<void> {
    await this.db('posture_notifications').where(options).delete();
  }

  async pruneBatches(options: { before: string }): Promise<void> {
    await this.db('posture_notifications')
      .where('day', '<', options.before)
      .delete();
  }

  async expiringExemptions(options: {
    now: Date;
    until: Date;
  }): Promise<ExpiringExemption[]> {
    // Timestamps are written as ISO 8601 UTC strings, which compare in time order on SQLite.
    const rows: Array<{
      id: string;
      entity_ref: string;
      title: string | null;
      owner_ref: string | null;
      requester: string;
      check: string;
      finding_id: string | null;
      expires_at: Date | string;
    }> = await this.db('posture_exemptions as x')
      .leftJoin('posture_entities as e', 'e.entity_ref', 'x.entity_ref')
      .where('x.status', 'approved')
      .whereNull('x.expiry_notified_at')
      .andWhere('x.expires_at', '>', options.now.toISOString())
      .andWhere('x.expires_at', '<=', options.until.toISOString())
      .select(
        'x.id',
        'x.entity_ref',
        'e.title',
        'e.owner_ref',
        'x.requester',
        'x.check',
        'x.finding_id',
        'x.expires_at',
      )
      .orderBy([
        { column: 'x.expires_at', order: 'asc' },
        { column: 'x.id', order: 'asc' },
      ]);
    return rows.map(row => ({
      id: row.id,
      entityRef: row.entity_ref,
      title: row.title ?? null,
      ownerRef: row.owner_ref ?? null,
      requester: row.requester,
      check: row.check as PolicyCheckId,
      findingId: row.finding_id ?? null,
      expiresAt: toIsoTimestamp(row.expires_at),
    }));
  }

  async claimExpiryNotice(options: {
    id: string;
    now: Date;
  }): Promise<boolean> {
    const changed = await this.db('posture_exemptions')
      .where({ id: options.id, status: 'approved' })
      .whereNull('expiry_notified_at')
      .update({ expiry_notified_at: options.now.toISOString() });
    return changed === 1;
  }

  async releaseExpiryNotice(options: { id: string }): Promise<void> {
    await this.db('posture_exemptions')
      .where({ id: options.id })
      .update({ expiry_notified_at: null });
  }
}
