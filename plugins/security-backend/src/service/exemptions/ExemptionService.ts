import { randomUUID } from 'crypto';
import type {
  AuditorService,
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, type Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  securityExemptionApprovePermission,
  type Exemption,
  type ExemptionStatus,
} from '@posture/backstage-plugin-security-common';
import type { ExemptionStore } from '../../database/DatabaseExemptionStore';
import { audited, type AuditMeta } from '../audited';
import type { EntityAccess } from '../EntityAccess';
import {
  parseCheck,
  parseComment,
  parseEntityRefField,
  parseExpiresAt,
  parseFindingId,
  parseJustification,
} from './exemptionInput';
import { isMemberOf, ownerRefOf } from './owningTeam';
import type { ReadableEntities } from './ReadableEntities';

export type { AuditMeta };

/** Regrades one entity now (the summary store's `regrade`). */
export type Regrade = (options: {
  entityRef: string;
  now: Date;
}) => Promise<void>;

/** The most exemptions one list answers, newest first. */
export const MAX_LISTED_EXEMPTIONS = 500;
/** Rows read per turn when a fleet-wide list filters by what the caller may read. */
const LIST_SCAN_PAGE = 200;

const STATUSES: readonly ExemptionStatus[] = [
  'pending',
  'approved',
  'rejected',
  'expired',
];

export interface ExemptionRequestBody {
  entityRef?: unknown;
  check?: unknown;
  findingId?: unknown;
  justification?: unknown;
  expiresAt?: unknown;
}

type Decision = 'approve' | 'reject';

/**
 * Exemptions of policy checks and findings: owners ask, someone else holding
 * `security.exemption.approve` decides, and an approval regrades the entity at once. Every
 * step is an auditor event, refusals as failures.
 */
export class ExemptionService {
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(
    private readonly deps: {
      access: EntityAccess;
      readable: ReadableEntities;
      auth: AuthService;
      userInfo: UserInfoService;
      permissions: PermissionsService;
      auditor: AuditorService;
      logger: LoggerService;
      store: ExemptionStore;
      regrade: Regrade;
      /** `security.policy.maxExemptionDays`: the longest exemption anyone may ask for. */
      maxExemptionDays: number;
      now?: () => Date;
      newId?: () => string;
    },
  ) {
    this.now = deps.now ?? (() => new Date());
    this.newId = deps.newId ?? randomUUID;
  }

  async create(
    body: ExemptionRequestBody,
    credentials: BackstageCredentials,
  ): Promise<Exemption> {
    const meta: AuditMeta = {
      entityRef: typeof body.entityRef === 'string' ? body.entityRef : null,
      check: typeof body.check === 'string' ? body.check : null,
      findingId: typeof body.findingId === 'string' ? body.findingId : null,
      actor: actorOf(credentials),
    };
    return this.audited('exemption-request', meta, async () => {
      const now = this.now();
      const requester = this.userOf(credentials, 'ask for an exemption');
      const name = parseEntityRefField(body.entityRef);
      const check = parseCheck(body.check);
      const requestedFinding = parseFindingId(body.findingId, check);
      const justification = parseJustification(body.justification);
      const expiresAt = parseExpiresAt(
        body.expiresAt,
        now,
        this.deps.maxExemptionDays,
      );
      const { entity, entityRef } = await this.deps.access.authorizeRead(
        name,
        credentials,
      );
      await this.requireOwningTeam(entity, entityRef, credentials);
      const findingId = requestedFinding
        ? await this.currentFinding(entityRef, requestedFinding)
        : null;
      const result = await this.deps.store.create({
        exemption: {
          id: this.newId(),
          entityRef,
          check,
          findingId,
          justification,
          requester,
          expiresAt,
        },
        now,
      });
      if (result.outcome === 'duplicate') {
        const { existing } = result;
        throw new ConflictError(
          `${describe(existing)} of ${entityRef} is already ${
            existing.status
          } until ${existing.expiresAt} (exemption ${existing.id})`,
        );
      }
      return result.exemption;
    });
  }

  approve(
    id: string,
    body: { comment?: unknown } | undefined,
    credentials: BackstageCredentials,
  ): Promise<Exemption> {
    return this.decide('approve', id, body, credentials);
  }

  reject(
    id: string,
    body: { comment?: unknown } | undefined,
    credentials: BackstageCredentials,
  ): Promise<Exemption> {
    return this.decide('reject', id, body, credentials);
  }

  /**
   * Newest first. With `entityRef`, that entity's (the caller must be able to read it);
   * without, those of every entity the caller may read, at most
   * {@link MAX_LISTED_EXEMPTIONS}.
   */
  async list(
    query: { entityRef?: unknown; status?: unknown },
    credentials: BackstageCredentials,
  ): Promise<Exemption[]> {
    const now = this.now();
    const status = parseStatus(query.status);
    if (query.entityRef !== undefined) {
      const { entityRef } = await this.deps.access.authorizeRead(
        parseEntityRefField(query.entityRef),
        credentials,
      );
      return this.deps.store.list({
        entityRef,
        status,
        now,
        offset: 0,
        limit: MAX_LISTED_EXEMPTIONS,
      });
    }
    // Readable is decided per entity, in batches, as rows are read: the newest rows first, so
    // a long history of entities the caller cannot see costs pages, not one request each.
    const decided = new Map<string, boolean>();
    const items: Exemption[] = [];
    for (let offset = 0; items.length < MAX_LISTED_EXEMPTIONS; ) {
      const page = await this.deps.store.list({
        status,
        now,
        offset,
        limit: LIST_SCAN_PAGE,
      });
      const unknown = page
        .map(e => e.entityRef)
        .filter(ref => !decided.has(ref));
      if (unknown.length > 0) {
        const readable = await this.deps.readable.filter(unknown, credentials);
        for (const ref of unknown) {
          decided.set(ref, readable.has(ref));
        }
      }
      items.push(...page.filter(e => decided.get(e.entityRef)));
      if (page.length < LIST_SCAN_PAGE) {
        break;
      }
      offset += LIST_SCAN_PAGE;
    }
    return items.slice(0, MAX_LISTED_EXEMPTIONS);
  }

  private async decide(
    decision: Decision,
    id: string,
    body: { comment?: unknown } | undefined,
    credentials: BackstageCredentials,
  ): Promise<Exemption> {
    const meta: AuditMeta = { exemptionId: id, actor: actorOf(credentials) };
    return this.audited(`exemption-${decision}`, meta, async () => {
      const now = this.now();
      const approver = this.userOf(credentials, `${decision} an exemption`);
      const comment = parseComment(body?.comment);
      const [permission] = await this.deps.permissions.authorize(
        [{ permission: securityExemptionApprovePermission }],
        { credentials },
      );
      if (permission.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Not allowed to ${decision} exemptions (security.exemption.approve)`,
        );
      }
      const current = await this.visibleExemption(id, now, credentials);
      Object.assign(meta, {
        entityRef: current.entityRef,
        check: current.check,
        findingId: current.findingId,
      });
      if (sameRef(current.requester, approver)) {
        throw new NotAllowedError(`You cannot ${decision} your own exemption`);
      }
      const result = await this.deps.store.decide({
        id,
        status: decision === 'approve' ? 'approved' : 'rejected',
        approver,
        comment,
        now,
      });
      if (result.outcome === 'not-found') {
        throw new NotFoundError(`No exemption ${id}`);
      }
      if (result.outcome === 'not-pending') {
        throw notPending(result.exemption, decision);
      }
      if (decision === 'approve') {
        await this.regrade(result.exemption.entityRef, now);
      }
      return result.exemption;
    });
  }

  /**
   * The exemption, if the caller may read its entity: one they may not is answered exactly
   * like one that does not exist, so ids do not reveal other teams' services.
   */
  private async visibleExemption(
    id: string,
    now: Date,
    credentials: BackstageCredentials,
  ): Promise<Exemption> {
    const exemption = await this.deps.store.get({ id, now });
    if (!exemption) {
      throw new NotFoundError(`No exemption ${id}`);
    }
    try {
      await this.deps.access.authorizeRead(
        parseEntityRef(exemption.entityRef),
        credentials,
      );
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof NotAllowedError) {
        throw new NotFoundError(`No exemption ${id}`);
      }
      throw error;
    }
    return exemption;
  }

  private userOf(credentials: BackstageCredentials, action: string): string {
    if (!this.deps.auth.isPrincipal(credentials, 'user')) {
      throw new NotAllowedError(
        `Only a signed-in user may ${action}, not a service credential`,
      );
    }
    return credentials.principal.userEntityRef;
  }

  private async requireOwningTeam(
    entity: Entity,
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const ownerRef = ownerRefOf(entity);
    if (!ownerRef) {
      throw new NotAllowedError(
        `${entityRef} has no owner (spec.owner), so nobody may ask for its exemptions`,
      );
    }
    const { ownershipEntityRefs } = await this.deps.userInfo.getUserInfo(
      credentials,
    );
    if (!isMemberOf(ownerRef, ownershipEntityRefs)) {
      throw new NotAllowedError(
        `Only members of ${ownerRef}, which owns ${entityRef}, may ask for its exemptions`,
      );
    }
  }

  private async currentFinding(
    entityRef: string,
    findingId: string,
  ): Promise<string> {
    const stored = await this.deps.store.findingId({ entityRef, findingId });
    if (!stored) {
      throw new InputError(
        `findingId ${findingId} is not a current finding of ${entityRef}`,
      );
    }
    return stored;
  }

  /**
   * The decision is stored whatever happens here: a failed regrade leaves the old grade until
   * the next write or batch regrade, which is logged rather than answered as an error.
   */
  private async regrade(entityRef: string, now: Date): Promise<void> {
    try {
      await this.deps.regrade({ entityRef, now });
    } catch (error) {
      this.deps.logger.error(
        `Could not regrade ${entityRef} after an exemption decision: ${error}`,
      );
    }
  }

  private audited<T extends Exemption>(
    eventId: string,
    meta: AuditMeta,
    action: () => Promise<T>,
  ): Promise<T> {
    return audited(
      this.deps.auditor,
      {
        eventId,
        meta,
        successMeta: result =>
          auditMeta(result, typeof meta.actor === 'string' ? meta.actor : null),
      },
      action,
    );
  }
}

/** What an auditor event says about an exemption. */
export function auditMeta(
  exemption: Exemption,
  actor: string | null,
): AuditMeta {
  return {
    exemptionId: exemption.id,
    entityRef: exemption.entityRef,
    check: exemption.check,
    findingId: exemption.findingId,
    status: exemption.status,
    expiresAt: exemption.expiresAt,
    actor,
  };
}

function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? principal.subject ?? principal.type;
}

function parseStatus(value: unknown): ExemptionStatus | undefined {
  if (value === undefined) {
    return undefined;
  }
  const status = STATUSES.find(s => s === value);
  if (!status) {
    throw new InputError(`status must be one of ${STATUSES.join(', ')}`);
  }
  return status;
}

function sameRef(a: string, b: string): boolean {
  return a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');
}

function describe(exemption: Exemption): string {
  return exemption.findingId
    ? `An exemption of finding ${exemption.findingId}`
    : `An exemption of the check ${exemption.check}`;
}

function notPending(exemption: Exemption, decision: Decision): ConflictError {
  if (exemption.status === 'expired') {
    return new ConflictError(
      `Exemption ${exemption.id} expired at ${
        exemption.expiresAt
      }; it can no longer be ${
        decision === 'approve' ? 'approved' : 'rejected'
      }`,
    );
  }
  return new ConflictError(
    `Exemption ${exemption.id} is already ${exemption.status}${
      exemption.approver ? ` by ${exemption.approver}` : ''
    }`,
  );
}
