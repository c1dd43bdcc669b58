import type {
  Exemption,
  ExemptionStatus,
  PolicyCheckId,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { entityTransaction } from './entityTransaction';
import { toIsoTimestamp } from './rows';

const TABLE = 'posture_exemptions';

/** A request as validated by the service, ready to store as `pending`. */
export interface NewExemption {
  id: string;
  entityRef: string;
  check: PolicyCheckId;
  findingId: string | null;
  justification: string;
  requester: string;
  expiresAt: Date;
}

export type CreateExemptionResult =
  | { outcome: 'created'; exemption: Exemption }
  /** A pending or approved, unexpired exemption of the same check or finding exists. */
  | { outcome: 'duplicate'; existing: Exemption };

export type DecideExemptionResult =
  | { outcome: 'decided'; exemption: Exemption }
  | { outcome: 'not-found' }
  /** No longer pending (someone decided first, or it expired): nothing changed. */
  | { outcome: 'not-pending'; exemption: Exemption };

export interface ExemptionQuery {
  entityRef?: string;
  status?: ExemptionStatus;
  now: Date;
  offset: number;
  limit: number;
}

/** Asked, decided and expiring exemptions (`posture_exemptions`). */
export interface ExemptionStore {
  /**
   * Stores a pending exemption unless a pending or approved, unexpired one of the same
   * (entity, check, finding) exists; in the entity's write lock, so two requests at once
   * store one.
   */
  create(options: {
    exemption: NewExemption;
    now: Date;
  }): Promise<CreateExemptionResult>;
  /** One exemption with its status as of `now` (see {@link effectiveStatus}). */
  get(options: { id: string; now: Date }): Promise<Exemption | undefined>;
  /** Newest first. */
  list(query: ExemptionQuery): Promise<Exemption[]>;
  /**
   * Approves or rejects an exemption only if it is still pending and unexpired at `now`, in
   * one conditional UPDATE: of two deciders at once exactly one changes it.
   */
  decide(options: {
    id: string;
    status: 'approved' | 'rejected';
    approver: string;
    comment: string | null;
    now: Date;
  }): Promise<DecideExemptionResult>;
  /**
   * Marks pending and approved exemptions whose expiry has passed at `now` as `expired`, at
   * most `limit` of them; answers those this call changed with the status they had.
   */
  expire(options: {
    now: Date;
    limit: number;
  }): Promise<Array<{ exemption: Exemption; previous: ExemptionStatus }>>;
  /** The id as the entity's current findings spell it, if it has a finding by that id. */
  findingId(options: {
    entityRef: string;
    findingId: string;
  }): Promise<string | undefined>;
}

interface ExemptionRow {
  id: string;
  entity_ref: string;
  check: string;
  finding_id: string | null;
  justification: string;
  requester: string;
  approver: string | null;
  comment: string | null;
  status: string;
  expires_at: Date | string;
  created_at: Date | string;
  decided_at: Date | string | null;
}

/**
 * What an exemption's status is at `now`: one whose expiry has passed no longer applies, also
 * before the expiry task has marked it, so reads and the grader agree at every moment.
 */
export function effectiveStatus(
  status: ExemptionStatus,
  expiresAt: string,
  now: Date,
): ExemptionStatus {
  if (
    (status === 'pending' || status === 'approved') &&
    Date.parse(expiresAt) <= now.getTime()
  ) {
    return 'expired';
  }
  return status;
}

function fromRow(row: ExemptionRow, now: Date): Exemption {
  const expiresAt = toIsoTimestamp(row.expires_at);
  return {
    id: row.id,
    entityRef: row.entity_ref,
    check: row.check as PolicyCheckId,
    findingId: row.finding_id ?? null,
    justification: row.justification,
    requester: row.requester,
    approver: row.approver ?? null,
    comment: row.comment ?? null,
    status: effectiveStatus(row.status as ExemptionStatus, expiresAt, now),
    expiresAt,
    createdAt: toIsoTimestamp(row.created_at),
    decidedAt: row.decided_at ? toIsoTimestamp(row.decided_at) : null,
  };
}

/**
 * Restricts a query to exemptions whose status at `now` is `status`. Timestamps are written
 * as ISO 8601 UTC strings, which compare in time order on SQLite too.
 */
function whereStatusAt(
  query: Knex.QueryBuilder,
  status: ExemptionStatus,
  now: Date,
): Knex.QueryBuilder {
  const at = now.toISOString();
  switch (status) {
    case 'pending':
    case 'approved':
      return query.where({ status }).andWhere('expires_at', '>', at);
    case 'expired':
      return query.where(q =>
        q
          .where({ status: 'expired' })
          .orWhere(open =>
            open
              .whereIn('status', ['pending', 'approved'])
              .andWhere('expires_at', '<=', at),
          ),
      );
    default:
      return query.where({ status });
  }
}

/** {@link ExemptionStore} over knex, on PostgreSQL or SQLite. */
export class DatabaseExemptionStore implements ExemptionStore {
  constructor(private readonly db: Knex) {}

  async create(options: {
    exemption: NewExemption;
    now: Date;
  }): Promise<CreateExemptionResult> {
    const { exemption, now } = options;
    return entityTransaction(this.db, exemption.entityRef, async trx => {
      const open = trx<ExemptionRow>(TABLE)
        .where({ entity_ref: exemption.entityRef, check: exemption.check })
        .whereIn('status', ['pending', 'approved'])
        .andWhere('expires_at', '>', now.toISOString())
        .first();
      const existing = await (exemption.findingId === null
        ? open.whereNull('finding_id')
        : open.where({ finding_id: exemption.findingId }));
      if (existing) {
        return { outcome: 'duplicate', existing: fromRow(existing, now) };
      }
      const row: ExemptionRow = {
        id: exemption.id,
        entity_ref: exemption.entityRef,
        check: exemption.check,
        finding_id: exemption.findingId,
        justification: exemption.justification,
        requester: exemption.requester,
        approver: null,
        comment: null,
        status: 'pending',
        expires_at: exemption.expiresAt.toISOString(),
        created_at: now.toISOString(),
        decided_at: null,
      };
      await trx(TABLE).insert(row);
      return { outcome: 'created', exemption: fromRow(row, now) };
    });
  }

  async get(options: {
    id: string;
    now: Date;
  }): Promise<Exemption | undefined> {
    const row = await this.db<ExemptionRow>(TABLE)
      .where({ id: options.id })
      .first();
    return row ? fromRow(row, options.now) : undefined;
  }

  async list(query: ExemptionQuery): Promise<Exemption[]> {
    let builder = this.db<ExemptionRow>(TABLE);
    if (query.entityRef !== undefined) {
      builder = builder.where({ entity_ref: query.entityRef });
    }
    if (query.status !== undefined) {
      builder = whereStatusAt(builder, query.status, query.now);
    }
    const rows: ExemptionRow[] = await builder
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .offset(query.offset)
      .limit(query.limit);
    return rows.map(row => fromRow(row, query.now));
  }

  async decide(options: {
    id: string;
    status: 'approved' | 'rejected';
    approver: string;
    comment: string | null;
    now: Date;
  }): Promise<DecideExemptionResult> {
    const { id, status, approver, comment, now } = options;
    const at = now.toISOString();
    // The condition is the decision: PostgreSQL re-checks it on the row a concurrent UPDATE
    // just committed, so the second of two deciders changes nothing and is told so below.
    const changed = await this.db(TABLE)
      .where({ id, status: 'pending' })
      .andWhere('expires_at', '>', at)
      .update({ status, approver, comment, decided_at: at });
    const exemption = await this.get({ id, now });
    if (!exemption) {
      return { outcome: 'not-found' };
    }
    return changed === 1
      ? { outcome: 'decided', exemption }
      : { outcome: 'not-pending', exemption };
  }

  async expire(options: {
    now: Date;
    limit: number;
  }): Promise<Array<{ exemption: Exemption; previous: ExemptionStatus }>> {
    const { now, limit } = options;
    const at = now.toISOString();
    const due: ExemptionRow[] = await this.db<ExemptionRow>(TABLE)
      .whereIn('status', ['pending', 'approved'])
      .andWhere('expires_at', '<=', at)
      .orderBy('expires_at', 'asc')
      .limit(limit);
    const expired: Array<{ exemption: Exemption; previous: ExemptionStatus }> =
      [];
    for (const row of due) {
      // Conditional on the status read, so a decision made meanwhile is never overwritten.
      const changed = await this.db(TABLE)
        .where({ id: row.id, status: row.status })
        .update({ status: 'expired' });
      if (changed === 1) {
        expired.push({
          exemption: fromRow({ ...row, status: 'expired' }, now),
          previous: row.status as ExemptionStatus,
        });
      }
    }
    return expired;
  }

  async findingId(options: {
    entityRef: string;
    findingId: string;
  }): Promise<string | undefined> {
    // Ids are compared case-insensitively (people type cve-2024-1234), and answered as the
    // scanner wrote them, which is what the grader matches exemptions against.
    const row = await this.db('vulnerabilities')
      .where({ entity_ref: options.entityRef })
      .andWhereRaw('LOWER(vuln_id) = ?', [options.findingId.toLowerCase()])
      .first('vuln_id');
    return row?.vuln_id;
  }
}
