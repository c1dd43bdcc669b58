import type {
  SecretRequest,
  SecretRequestEvent,
  SecretRequestKind,
  SecretRequestStatus,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { entityTransaction } from './entityTransaction';
import { toIsoTimestamp } from './rows';

const TABLE = 'secret_requests';
const EVENTS = 'secret_request_events';

/** Statuses that hold a secret's name and Vault location (the partial unique indexes' set). */
const LIVE: readonly SecretRequestStatus[] = [
  'pending',
  'approved',
  'provisioned',
];

/** Stored longest, in characters, for a reason or an event's detail. */
export const MAX_DETAIL = 2000;

/** A request as the service keeps it: the wire shape plus what the workflow needs. */
export type StoredSecretRequest = SecretRequest & {
  /** The entity's owner when the request was made (lower case), if it had one. */
  ownerRef: string | null;
  /** Provisioning attempts claimed so far. */
  attempt: number;
  /** When the current attempt was claimed. */
  attemptStartedAt: string | null;
};

/** A validated request, ready to store as `pending`. */
export interface NewSecretRequest {
  id: string;
  entityRef: string;
  ownerRef: string | null;
  kind: SecretRequestKind;
  name: string;
  rotationPeriodDays: number;
  justification: string;
  requester: string;
  mount: string;
  path: string;
  expiresAt: Date;
}

export type CreateSecretRequestResult =
  | { outcome: 'created'; request: StoredSecretRequest }
  /** A live request already holds this secret's name or its Vault location. */
  | { outcome: 'duplicate'; existing: StoredSecretRequest };

/** The outcome of a conditional status change. */
export type TransitionResult =
  | { outcome: 'changed'; request: StoredSecretRequest }
  | { outcome: 'not-found' }
  /** Its status did not allow it (someone else acted first, or it expired): nothing changed. */
  | { outcome: 'refused'; request: StoredSecretRequest }
  /** A retry would make a second live request for the same secret. */
  | { outcome: 'duplicate'; existing: StoredSecretRequest };

export interface SecretRequestQuery {
  entityRef?: string;
  status?: SecretRequestStatus;
  ownerRef?: string;
  requester?: string;
  now: Date;
  offset: number;
  limit: number;
}

export type ProvisioningOutcome =
  | {
      type: 'provisioned';
      mount: string;
      path: string;
      version: number | null;
      policyName: string;
    }
  | { type: 'failed'; reason: string };

/** Where a provisioned request's secret lives. */
export interface ProvisionedSecret {
  /** Lower case, as requests are stored. */
  entityRef: string;
  kind: SecretRequestKind;
  mount: string;
  path: string;
}

/** Secret requests and their history (`secret_requests`, `secret_request_events`). */
export interface SecretRequestStore {
  /**
   * Stores a pending request and its `created` event, unless a live request holds the same
   * (entity, kind, name) or (mount, path); two at once store one (the unique indexes decide).
   */
  create(options: {
    request: NewSecretRequest;
    now: Date;
  }): Promise<CreateSecretRequestResult>;
  /** One request, with its status as of `now` (see {@link effectiveStatus}). */
  get(options: {
    id: string;
    now: Date;
  }): Promise<StoredSecretRequest | undefined>;
  /** Its history, oldest first. */
  events(options: { id: string }): Promise<SecretRequestEvent[]>;
  /** Newest first. */
  list(query: SecretRequestQuery): Promise<StoredSecretRequest[]>;
  /**
   * The secrets of every `provisioned` request (of one entity when given, its ref compared
   * without regard to case), so the posture sources read them without an annotation.
   */
  provisionedSecrets(options: {
    entityRef?: string;
  }): Promise<ProvisionedSecret[]>;
  /**
   * pending -> approved, claiming provisioning attempt 1, in one conditional UPDATE: of two
   * approvers at once exactly one changes it; the other is `refused`.
   */
  approve(options: {
    id: string;
    approver: string;
    comment: string | null;
    now: Date;
  }): Promise<TransitionResult>;
  /** pending -> rejected, conditional as {@link SecretRequestStore.approve}. */
  reject(options: {
    id: string;
    approver: string;
    reason: string;
    now: Date;
  }): Promise<TransitionResult>;
  /**
   * failed -> approved, claiming the next attempt; also an `approved` request whose attempt
   * was claimed before `staleBefore` (its provisioning was cut short, e.g. by a restart).
   */
  retry(options: {
    id: string;
    actor: string;
    now: Date;
    staleBefore: Date;
  }): Promise<TransitionResult>;
  /**
   * Claims the next attempt of at most `limit` `approved` requests whose current attempt was
   * claimed before `staleBefore` (its replica died or stopped mid-provisioning), each with a
   * `retried` event by nobody: Posture resumes them. Conditional on the attempt it read, so of
   * two replicas at once one claims each; answers those this call claimed.
   */
  resumeAbandoned(options: {
    staleBefore: Date;
    now: Date;
    limit: number;
  }): Promise<StoredSecretRequest[]>;
  /**
   * Writes an attempt's outcome (approved -> provisioned | failed) only if that attempt is
   * still the current one; answers undefined otherwise.
   */
  finish(options: {
    id: string;
    attempt: number;
    outcome: ProvisioningOutcome;
    now: Date;
  }): Promise<StoredSecretRequest | undefined>;
  /**
   * Marks at most `limit` pending requests whose expiry has passed as expired (only request
   * `id`, when given), each with its `expired` event; answers those this call changed.
   */
  expire(options: {
    now: Date;
    limit: number;
    id?: string;
  }): Promise<StoredSecretRequest[]>;
}

interface SecretRequestRow {
  id: string;
  entity_ref: string;
  owner_ref: string | null;
  kind: string;
  name: string;
  rotation_period_days: number;
  justification: string;
  status: string;
  requester: string;
  approver: string | null;
  reason: string | null;
  mount: string;
  path: string;
  version: number | null;
  policy_name: string | null;
  created_at: Date | string;
  decided_at: Date | string | null;
  provisioned_at: Date | string | null;
  expires_at: Date | string;
  attempt: number;
  attempt_started_at: Date | string | null;
}

interface EventRow {
  request_id: string;
  at: Date | string;
  type: SecretRequestEvent['type'];
  actor: string | null;
  detail: string | null;
}

/**
 * A pending request whose expiry has passed is expired, also before the expiry task marks it,
 * so reads, filters and decisions agree at every moment.
 */
export function effectiveStatus(
  status: SecretRequestStatus,
  expiresAt: string,
  now: Date,
): SecretRequestStatus {
  return status === 'pending' && Date.parse(expiresAt) <= now.getTime()
    ? 'expired'
    : status;
}

const iso = (value: Date | string | null) =>
  value === null ? null : toIsoTimestamp(value);

function fromRow(row: SecretRequestRow, now: Date): StoredSecretRequest {
  const expiresAt = toIsoTimestamp(row.expires_at);
  return {
    id: row.id,
    entityRef: row.entity_ref,
    ownerRef: row.owner_ref ?? null,
    kind: row.kind as SecretRequestKind,
    name: row.name,
    rotationPeriodDays: Number(row.rotation_period_days),
    justification: row.justification,
    status: effectiveStatus(row.status as SecretRequestStatus, expiresAt, now),
    requester: row.requester,
    approver: row.approver ?? null,
    reason: row.reason ?? null,
    mount: row.mount,
    path: row.path,
    version: row.version === null ? null : Number(row.version),
    policyName: row.policy_name ?? null,
    createdAt: toIsoTimestamp(row.created_at),
    decidedAt: iso(row.decided_at),
    provisionedAt: iso(row.provisioned_at),
    expiresAt,
    attempt: Number(row.attempt),
    attemptStartedAt: iso(row.attempt_started_at),
  };
}

/** The wire shape: what the workflow keeps for itself stays out of responses. */
export function toWire(request: StoredSecretRequest): SecretRequest {
  const {
    ownerRef: _owner,
    attempt: _attempt,
    attemptStartedAt: _started,
    ...wire
  } = request;
  return wire;
}

function clip(text: string | null): string | null {
  return text === null ? null : text.slice(0, MAX_DETAIL);
}

function isUniqueViolation(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return (
    code === '23505' ||
    (code === 'SQLITE_CONSTRAINT' && /UNIQUE/i.test(message ?? '')) ||
    /UNIQUE constraint failed/i.test(message ?? '')
  );
}

/**
 * Restricts a query to requests whose status at `now` is `status`. Timestamps are written as
 * ISO 8601 UTC strings, which compare in time order on SQLite too.
 */
function whereStatusAt(
  query: Knex.QueryBuilder,
  status: SecretRequestStatus,
  now: Date,
): Knex.QueryBuilder {
  const at = now.toISOString();
  switch (status) {
    case 'pending':
      return query.where({ status }).andWhere('expires_at', '>', at);
    case 'expired':
      return query.where(q =>
        q
          .where({ status: 'expired' })
          .orWhere(open =>
            open.where({ status: 'pending' }).andWhere('expires_at', '<=', at),
          ),
      );
    default:
      return query.where({ status });
  }
}

/** {@link SecretRequestStore} over knex, on PostgreSQL or SQLite. */
export class DatabaseSecretRequestStore implements SecretRequestStore {
  constructor(private readonly db: Knex) {}

  async create(options: {
    request: NewSecretRequest;
    now: Date;
  }): Promise<CreateSecretRequestResult> {
    const { request, now } = options;
    const at = now.toISOString();
    try {
      // The entity's lock serialises its own requests; the unique indexes catch the rest (a
      // request of another entity deriving the same path at the same moment).
      return await entityTransaction(this.db, request.entityRef, async trx => {
        const existing = await this.liveHolder(trx, request);
        if (existing) {
          return { outcome: 'duplicate', existing: fromRow(existing, now) };
        }
        const row: SecretRequestRow = {
          id: request.id,
          entity_ref: request.entityRef,
          owner_ref: request.ownerRef,
          kind: request.kind,
          name: request.name,
          rotation_period_days: request.rotationPeriodDays,
          justification: request.justification,
          status: 'pending',
          requester: request.requester,
          approver: null,
          reason: null,
          mount: request.mount,
          path: request.path,
          version: null,
          policy_name: null,
          created_at: at,
          decided_at: null,
          provisioned_at: null,
          expires_at: request.expiresAt.toISOString(),
          attempt: 0,
          attempt_started_at: null,
        };
        await trx(TABLE).insert(row);
        await this.addEvent(trx, {
          request_id: request.id,
          at,
          type: 'created',
          actor: request.requester,
          detail: null,
        });
        return { outcome: 'created', request: fromRow(row, now) };
      });
    } catch (error) {
      if (!isUniqueViolation(error)) {
        throw error;
      }
      const existing = await this.liveHolder(this.db, request);
      if (!existing) {
        throw error;
      }
      return { outcome: 'duplicate', existing: fromRow(existing, now) };
    }
  }

  async get(options: {
    id: string;
    now: Date;
  }): Promise<StoredSecretRequest | undefined> {
    const row = await this.db<SecretRequestRow>(TABLE)
      .where({ id: options.id })
      .first();
    return row ? fromRow(row, options.now) : undefined;
  }

  async events(options: { id: string }): Promise<SecretRequestEvent[]> {
    const rows: EventRow[] = await this.db<EventRow>(EVENTS)
      .where({ request_id: options.id })
      .orderBy('id', 'asc')
      .select('at', 'type', 'actor', 'detail');
    return rows.map(row => ({
      at: toIsoTimestamp(row.at),
      type: row.type,
      actor: row.actor ?? null,
      detail: row.detail ?? null,
    }));
  }

  async list(query: SecretRequestQuery): Promise<StoredSecretRequest[]> {
    let builder = this.db<SecretRequestRow>(TABLE);
    if (query.entityRef !== undefined) {
      builder = builder.where({ entity_ref: query.entityRef });
    }
    if (query.ownerRef !== undefined) {
      builder = builder.where({ owner_ref: query.ownerRef });
    }
    if (query.requester !== undefined) {
      // Refs compare without regard to case, as the catalog matches them.
      builder = builder.whereRaw('LOWER(requester) = ?', [
        query.requester.toLocaleLowerCase('en-US'),
      ]);
    }
    if (query.status !== undefined) {
      builder = whereStatusAt(builder, query.status, query.now);
    }
    const rows: SecretRequestRow[] = await builder
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .offset(query.offset)
      .limit(query.limit);
    return rows.map(row => fromRow(row, query.now));
  }

  async provisionedSecrets(options: {
    entityRef?: string;
  }): Promise<ProvisionedSecret[]> {
    let builder = this.db<SecretRequestRow>(TABLE).where({
      status: 'provisioned',
    });
    if (options.entityRef !== undefined) {
      builder = builder.where({
        entity_ref: options.entityRef.toLocaleLowerCase('en-US'),
      });
    }
    const rows: Pick<
      SecretRequestRow,
      'entity_ref' | 'kind' | 'mount' | 'path'
    >[] = await builder
      .orderBy([
        { column: 'entity_ref', order: 'asc' },
        { column: 'provisioned_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .select('entity_ref', 'kind', 'mount', 'path');
    return rows.map(row => ({
      entityRef: row.entity_ref,
      kind: row.kind as SecretRequestKind,
      mount: row.mount,
      path: row.path,
    }));
  }

  async approve(options: {
    id: string;
    approver: string;
    comment: string | null;
    now: Date;
  }): Promise<TransitionResult> {
    const { id, approver, comment, now } = options;
    const at = now.toISOString();
    return this.transition(id, now, async trx => {
      // The condition is the decision: PostgreSQL re-checks it on a row a concurrent UPDATE
      // just committed, so the second of two approvers changes nothing.
      const changed = await trx(TABLE)
        .where({ id, status: 'pending' })
        .andWhere('expires_at', '>', at)
        .update({
          status: 'approved',
          approver,
          decided_at: at,
          attempt: 1,
          attempt_started_at: at,
        });
      if (changed === 1) {
        await this.addEvent(trx, {
          request_id: id,
          at,
          type: 'approved',
          actor: approver,
          detail: clip(comment),
        });
      }
      return changed === 1;
    });
  }

  async reject(options: {
    id: string;
    approver: string;
    reason: string;
    now: Date;
  }): Promise<TransitionResult> {
    const { id, approver, reason, now } = options;
    const at = now.toISOString();
    return this.transition(id, now, async trx => {
      const changed = await trx(TABLE)
        .where({ id, status: 'pending' })
        .andWhere('expires_at', '>', at)
        .update({
          status: 'rejected',
          approver,
          reason: clip(reason),
          decided_at: at,
        });
      if (changed === 1) {
        await this.addEvent(trx, {
          request_id: id,
          at,
          type: 'rejected',
          actor: approver,
          detail: clip(reason),
        });
      }
      return changed === 1;
    });
  }

  async retry(options: {
    id: string;
    actor: string;
    now: Date;
    staleBefore: Date;
  }): Promise<TransitionResult> {
    const { id, actor, now, staleBefore } = options;
    const at = now.toISOString();
    try {
      return await this.transition(id, now, async trx => {
        const changed = await trx(TABLE)
          .where({ id })
          .andWhere(q =>
            q
              .where({ status: 'failed' })
              .orWhere(stuck =>
                stuck
                  .where({ status: 'approved' })
                  .andWhere(
                    'attempt_started_at',
                    '<',
                    staleBefore.toISOString(),
                  ),
              ),
          )
          .update({
            status: 'approved',
            attempt: trx.raw('attempt + 1'),
            attempt_started_at: at,
          });
        if (changed === 1) {
          await this.addEvent(trx, {
            request_id: id,
            at,
            type: 'retried',
            actor,
            detail: null,
          });
        }
        return changed === 1;
      });
    } catch (error) {
      // failed is not live: a new request for the same secret may have been made meanwhile.
      if (!isUniqueViolation(error)) {
        throw error;
      }
      const request = await this.get({ id, now });
      const existing = request && (await this.liveHolder(this.db, request));
      if (!existing) {
        throw error;
      }
      return { outcome: 'duplicate', existing: fromRow(existing, now) };
    }
  }

  async resumeAbandoned(options: {
    staleBefore: Date;
    now: Date;
    limit: number;
  }): Promise<StoredSecretRequest[]> {
    const { staleBefore, now, limit } = options;
    const at = now.toISOString();
    const abandoned: SecretRequestRow[] = await this.db<SecretRequestRow>(TABLE)
      .where({ status: 'approved' })
      .andWhere('attempt_started_at', '<', staleBefore.toISOString())
      .orderBy('attempt_started_at', 'asc')
      .limit(limit);
    const resumed: StoredSecretRequest[] = [];
    for (const row of abandoned) {
      const result = await this.transition(row.id, now, async trx => {
        const changed = await trx(TABLE)
          .where({ id: row.id, status: 'approved', attempt: row.attempt })
          .andWhere('attempt_started_at', '<', staleBefore.toISOString())
          .update({
            attempt: Number(row.attempt) + 1,
            attempt_started_at: at,
          });
        if (changed === 1) {
          await this.addEvent(trx, {
            request_id: row.id,
            at,
            type: 'retried',
            actor: null,
            detail: `Resumed by Posture: attempt ${
              row.attempt
            }, started at ${iso(row.attempt_started_at)}, did not finish`,
          });
        }
        return changed === 1;
      });
      if (result.outcome === 'changed') {
        resumed.push(result.request);
      }
    }
    return resumed;
  }

  async finish(options: {
    id: string;
    attempt: number;
    outcome: ProvisioningOutcome;
    now: Date;
  }): Promise<StoredSecretRequest | undefined> {
    const { id, attempt, outcome, now } = options;
    const at = now.toISOString();
    const result = await this.transition(id, now, async trx => {
      const current = trx(TABLE).where({ id, status: 'approved', attempt });
      const changed =
        outcome.type === 'provisioned'
          ? await current.update({
              status: 'provisioned',
              mount: outcome.mount,
              path: outcome.path,
              version: outcome.version,
              policy_name: outcome.policyName,
              reason: null,
              provisioned_at: at,
            })
          : await current.update({
              status: 'failed',
              reason: clip(outcome.reason),
            });
      if (changed === 1) {
        await this.addEvent(trx, {
          request_id: id,
          at,
          type: outcome.type,
          actor: null,
          detail:
            outcome.type === 'provisioned'
              ? provisionedDetail(outcome)
              : clip(outcome.reason),
        });
      }
      return changed === 1;
    });
    return result.outcome === 'changed' ? result.request : undefined;
  }

  async expire(options: {
    now: Date;
    limit: number;
    id?: string;
  }): Promise<StoredSecretRequest[]> {
    const { now, limit, id } = options;
    const at = now.toISOString();
    const due: SecretRequestRow[] = await this.db<SecretRequestRow>(TABLE)
      .where(
        id === undefined ? { status: 'pending' } : { status: 'pending', id },
      )
      .andWhere('expires_at', '<=', at)
      .orderBy('expires_at', 'asc')
      .limit(limit);
    const expired: StoredSecretRequest[] = [];
    for (const row of due) {
      const result = await this.transition(row.id, now, async trx => {
        // Conditional on pending, so a decision made meanwhile is never overwritten.
        const changed = await trx(TABLE)
          .where({ id: row.id, status: 'pending' })
          .update({ status: 'expired', decided_at: at });
        if (changed === 1) {
          await this.addEvent(trx, {
            request_id: row.id,
            at,
            type: 'expired',
            actor: null,
            detail: `Nobody decided before ${toIsoTimestamp(row.expires_at)}`,
          });
        }
        return changed === 1;
      });
      if (result.outcome === 'changed') {
        expired.push(result.request);
      }
    }
    return expired;
  }

  /** Runs a conditional change and its event in one transaction, then reads the outcome. */
  private async transition(
    id: string,
    now: Date,
    change: (trx: Knex.Transaction) => Promise<boolean>,
  ): Promise<TransitionResult> {
    const changed = await this.db.transaction(change);
    const request = await this.get({ id, now });
    if (!request) {
      return { outcome: 'not-found' };
    }
    return changed
      ? { outcome: 'changed', request }
      : { outcome: 'refused', request };
  }

  private async liveHolder(
    db: Knex,
    request: Pick<
      NewSecretRequest,
      'id' | 'entityRef' | 'kind' | 'name' | 'mount' | 'path'
    >,
  ): Promise<SecretRequestRow | undefined> {
    return db<SecretRequestRow>(TABLE)
      .whereIn('status', [...LIVE])
      .whereNot({ id: request.id })
      .andWhere(q =>
        q
          .where({
            entity_ref: request.entityRef,
            kind: request.kind,
            name: request.name,
          })
          .orWhere({ mount: request.mount, path: request.path }),
      )
      .first();
  }

  private async addEvent(db: Knex, event: EventRow): Promise<void> {
    await db(EVENTS).insert(event);
  }
}

function provisionedDetail(outcome: {
  mount: string;
  path: string;
  version: number | null;
  policyName: string;
}): string {
  const version = outcome.version === null ? '' : ` version ${outcome.version}`;
  return `${outcome.mount}/${outcome.path}${version}, policy ${outcome.policyName}`;
}
