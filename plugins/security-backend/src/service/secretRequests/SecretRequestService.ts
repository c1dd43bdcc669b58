import { randomUUID } from 'crypto';
import type {
  AuditorService,
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, type Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  secretRequestPath,
  securitySecretRequestApprovePermission,
  securitySecretRequestCreatePermission,
  type SecretRequestDetail,
  type SecretRequest,
} from '@posture/backstage-plugin-security-common';
import {
  SecretProvisioningError,
  type SecretLocation,
  type SecretProvisioner,
} from '@posture/backstage-plugin-security-node';
import {
  toWire,
  type SecretRequestStore,
  type StoredSecretRequest,
  type TransitionResult,
} from '../../database/DatabaseSecretRequestStore';
import type { EntityAccess } from '../EntityAccess';
import { ownerRefOf } from '../exemptions/owningTeam';
import type { ReadableEntities } from '../exemptions/ReadableEntities';
import {
  parseComment,
  parseListQuery,
  parseReason,
  parseSecretRequestInput,
} from './secretRequestBodies';
import { audited } from '../audited';
import { auditMeta, actorOf, type AuditMeta } from './secretRequestAudit';
import type { SecretRequestNotifier } from './SecretRequestNotifier';
import type { Provisioning } from './Provisioning';

/** The most requests one list answers, newest first. */
export const MAX_LISTED_SECRET_REQUESTS = 500;
/** Rows read per turn when a fleet-wide list filters by what the caller may read. */
const LIST_SCAN_PAGE = 200;

/** The annotation naming the Vault role a service reads its secrets with (default: its name). */
export const ANNOTATION_VAULT_ROLE = 'posture.dev/vault-role';

/** What to configure when no provisioner is installed, for the 503 that says so. */
export const NO_PROVISIONER_MESSAGE =
  'No secret provisioner is configured, so nothing can be provisioned: install the Vault module and set security.vault.provisioner (auth, mounts, pathPrefixes). The request stays as it is.';

type Decision = 'approve' | 'reject' | 'retry';

/**
 * The secret request workflow: someone holding `security.secret-request.create` on a service
 * asks; someone else holding `security.secret-request.approve` on it approves (Posture then
 * provisions it through the configured provisioner, exactly once however many approve at
 * once) or rejects it with a reason; a failed provisioning is retried by an approver; nobody
 * deciding in time expires it ({@link SecretRequestExpiry}). Every step is an auditor event
 * (refusals as failures) and a notification; no step ever sees a secret's value.
 */
export class SecretRequestService {
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly provisioning: Provisioning;

  constructor(
    private readonly deps: {
      access: EntityAccess;
      readable: ReadableEntities;
      auth: AuthService;
      permissions: PermissionsService;
      auditor: AuditorService;
      logger: LoggerService;
      store: SecretRequestStore;
      notifier: SecretRequestNotifier;
      /** The registered provisioners; the first describes where a secret will live. */
      provisioners: readonly SecretProvisioner[];
      /** Runs an attempt with the first provisioner; none installed: approvals answer 503. */
      provisioning: Provisioning;
      /** How long a request may wait for a decision. */
      pendingTtlMs: number;
      /** Marks one request expired now, with its event, audit and notice (the expiry task's). */
      expireNow: (id: string) => Promise<void>;
      now?: () => Date;
      newId?: () => string;
    },
  ) {
    this.now = deps.now ?? (() => new Date());
    this.newId = deps.newId ?? randomUUID;
    this.provisioning = deps.provisioning;
  }

  async create(
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<SecretRequest> {
    const fields = (body ?? {}) as Record<string, unknown>;
    const meta: AuditMeta = {
      entityRef: typeof fields.entityRef === 'string' ? fields.entityRef : null,
      kind: typeof fields.kind === 'string' ? fields.kind : null,
      name: typeof fields.name === 'string' ? fields.name : null,
      actor: actorOf(credentials),
    };
    const created = await this.audited(
      'secret-request-create',
      meta,
      async () => {
        const requester = this.userOf(credentials, 'ask for a secret');
        const input = parseSecretRequestInput(body);
        const { entity, entityRef: canonical } =
          await this.deps.access.authorizeRead(
            parseEntityRef(input.entityRef),
            credentials,
          );
        // Refs compare without regard to case; stored in lower case so a filter and the
        // one-live-request rule see one service, however it was spelled.
        const entityRef = canonical.toLocaleLowerCase('en-US');
        await this.requirePermission(
          securitySecretRequestCreatePermission,
          entityRef,
          credentials,
          `Not allowed to ask for secrets for ${entityRef} (security.secret-request.create)`,
        );
        const location = this.locate({
          entityRef,
          kind: input.kind,
          name: input.name,
        });
        const request = {
          id: this.newId(),
          entityRef,
          ownerRef: ownerRefOf(entity),
          kind: input.kind,
          name: input.name,
          rotationPeriodDays: input.rotationPeriodDays,
          justification: input.justification,
          requester,
          mount: location.mount,
          path: location.path,
        };
        let now = this.now();
        let result = await this.deps.store.create({
          request: { ...request, expiresAt: this.expiry(now) },
          now,
        });
        if (
          result.outcome === 'duplicate' &&
          result.existing.status === 'expired'
        ) {
          // It ran out but the expiry task has not marked it yet: do so now, then ask again.
          await this.deps.expireNow(result.existing.id);
          now = this.now();
          result = await this.deps.store.create({
            request: { ...request, expiresAt: this.expiry(now) },
            now,
          });
        }
        if (result.outcome === 'duplicate') {
          throw duplicateError(result.existing);
        }
        return result.request;
      },
    );
    await this.deps.notifier.requested(created);
    return toWire(created);
  }

  async list(
    query: Record<string, unknown>,
    credentials: BackstageCredentials,
  ): Promise<SecretRequest[]> {
    const now = this.now();
    const filters = parseListQuery(query);
    let requester = filters.requester;
    if (filters.mine) {
      if (!this.deps.auth.isPrincipal(credentials, 'user')) {
        throw new InputError(
          "mine=true lists a signed-in user's requests; a service credential has none",
        );
      }
      const me = credentials.principal.userEntityRef.toLocaleLowerCase('en-US');
      if (requester !== undefined && requester !== me) {
        throw new InputError(
          'mine=true and requester name different users; send one',
        );
      }
      requester = me;
    }
    const base = {
      status: filters.status,
      ownerRef: filters.ownerRef,
      requester,
      now,
    };
    if (filters.entityRef !== undefined) {
      const { entityRef } = await this.deps.access.authorizeRead(
        parseEntityRef(filters.entityRef),
        credentials,
      );
      const items = await this.deps.store.list({
        ...base,
        entityRef: entityRef.toLocaleLowerCase('en-US'),
        offset: 0,
        limit: MAX_LISTED_SECRET_REQUESTS,
      });
      return items.map(toWire);
    }
    // Readable is decided per entity, in batches, as rows are read: the newest rows first, so
    // a long history of services the caller cannot see costs pages, not one request each.
    const decided = new Map<string, boolean>();
    const items: StoredSecretRequest[] = [];
    for (let offset = 0; items.length < MAX_LISTED_SECRET_REQUESTS; ) {
      const page = await this.deps.store.list({
        ...base,
        offset,
        limit: LIST_SCAN_PAGE,
      });
      const unknown = page
        .map(r => r.entityRef)
        .filter(ref => !decided.has(ref));
      if (unknown.length > 0) {
        const readable = await this.deps.readable.filter(unknown, credentials);
        const lower = new Set(
          [...readable].map(r => r.toLocaleLowerCase('en-US')),
        );
        for (const ref of unknown) {
          decided.set(ref, lower.has(ref));
        }
      }
      items.push(...page.filter(r => decided.get(r.entityRef)));
      if (page.length < LIST_SCAN_PAGE) {
        break;
      }
      offset += LIST_SCAN_PAGE;
    }
    return items.slice(0, MAX_LISTED_SECRET_REQUESTS).map(toWire);
  }

  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<SecretRequestDetail> {
    return this.detail((await this.visible(id, credentials)).request);
  }

  /**
   * Approves a pending request and provisions it, answering the request as it stands after
   * provisioning (`provisioned`, or `failed` with the reason). Of two approvers at once one
   * approves and provisions; the other is told 409.
   */
  async approve(
    id: string,
    body: { comment?: unknown } | undefined,
    credentials: BackstageCredentials,
  ): Promise<SecretRequestDetail> {
    const { request: approved, serviceRole } = await this.decide(
      'approve',
      id,
      credentials,
      async approver => {
        const comment = parseComment(body?.comment);
        return this.deps.store.approve({
          id,
          approver,
          comment,
          now: this.now(),
        });
      },
    );
    await this.deps.notifier.changed(approved, 'approved');
    return this.detail(await this.provisioning.run(approved, serviceRole));
  }

  async reject(
    id: string,
    body: { reason?: unknown } | undefined,
    credentials: BackstageCredentials,
  ): Promise<SecretRequestDetail> {
    const { request: rejected } = await this.decide(
      'reject',
      id,
      credentials,
      async approver => {
        const reason = parseReason(body?.reason);
        return this.deps.store.reject({
          id,
          approver,
          reason,
          now: this.now(),
        });
      },
    );
    await this.deps.notifier.changed(rejected, 'rejected');
    return this.detail(rejected);
  }

  /** Provisions a failed request again (or one whose attempt a restart cut short). */
  async retry(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<SecretRequestDetail> {
    const { request: retried, serviceRole } = await this.decide(
      'retry',
      id,
      credentials,
      async actor => {
        const now = this.now();
        return this.deps.store.retry({
          id,
          actor,
          now,
          staleBefore: this.provisioning.staleBefore(now),
        });
      },
    );
    await this.deps.notifier.changed(retried, 'retried');
    return this.detail(await this.provisioning.run(retried, serviceRole));
  }

  /**
   * The checks every decision shares, in the order a person can act on: who they are, that the
   * request exists for them, their permission on its service, that it is not their own, that
   * something can provision it; then the store's conditional change, whose refusal is 409.
   */
  private async decide(
    decision: Decision,
    id: string,
    credentials: BackstageCredentials,
    change: (actor: string) => Promise<TransitionResult>,
  ): Promise<{ request: StoredSecretRequest; serviceRole: string }> {
    const meta: AuditMeta = { requestId: id, actor: actorOf(credentials) };
    let serviceRole = '';
    const request = await this.audited(
      `secret-request-${decision}`,
      meta,
      async () => {
        const actor = this.userOf(credentials, `${decision} a secret request`);
        const { request: current, entity } = await this.visible(
          id,
          credentials,
        );
        serviceRole = serviceRoleOf(entity, current.entityRef);
        Object.assign(meta, auditMeta(current, meta.actor));
        await this.requirePermission(
          securitySecretRequestApprovePermission,
          current.entityRef,
          credentials,
          `Not allowed to ${decision} secret requests for ${current.entityRef} (security.secret-request.approve)`,
        );
        if (sameRef(current.requester, actor)) {
          throw new NotAllowedError(
            `You cannot ${decision} your own secret request; another approver must`,
          );
        }
        if (decision !== 'reject' && !this.provisioning.available) {
          throw new ServiceUnavailableError(NO_PROVISIONER_MESSAGE);
        }
        const result = await change(actor);
        if (result.outcome === 'not-found') {
          throw new NotFoundError(`No secret request ${id}`);
        }
        if (result.outcome === 'duplicate') {
          throw duplicateError(result.existing);
        }
        if (result.outcome === 'refused') {
          throw refusal(result.request, decision);
        }
        return result.request;
      },
    );
    return { request, serviceRole };
  }

  /**
   * The request, if the caller may read its service: one they may not is answered exactly like
   * one that does not exist, so ids do not reveal other teams' services.
   */
  private async visible(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<{ request: StoredSecretRequest; entity: Entity }> {
    const request = await this.deps.store.get({ id, now: this.now() });
    if (!request) {
      throw new NotFoundError(`No secret request ${id}`);
    }
    try {
      const { entity } = await this.deps.access.authorizeRead(
        parseEntityRef(request.entityRef),
        credentials,
      );
      return { request, entity };
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof NotAllowedError) {
        throw new NotFoundError(`No secret request ${id}`);
      }
      throw error;
    }
  }

  private async detail(
    request: StoredSecretRequest,
  ): Promise<SecretRequestDetail> {
    return {
      ...toWire(request),
      events: await this.deps.store.events({ id: request.id }),
    };
  }

  /** Where the secret will live: the provisioner's answer, or the shared derivation. */
  private locate(request: {
    entityRef: string;
    kind: StoredSecretRequest['kind'];
    name: string;
  }): SecretLocation {
    try {
      return (
        this.deps.provisioners[0]?.describe(request) ??
        secretRequestPath(request)
      );
    } catch (error) {
      if (
        error instanceof SecretProvisioningError ||
        error instanceof TypeError
      ) {
        throw new InputError(error.message);
      }
      throw error;
    }
  }

  private expiry(now: Date): Date {
    return new Date(now.getTime() + this.deps.pendingTtlMs);
  }

  private async requirePermission(
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    credentials: BackstageCredentials,
    message: string,
  ): Promise<void> {
    const [decision] = await this.deps.permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(message);
    }
  }

  private userOf(credentials: BackstageCredentials, action: string): string {
    if (!this.deps.auth.isPrincipal(credentials, 'user')) {
      throw new NotAllowedError(
        `Only a signed-in user may ${action}, not a service credential`,
      );
    }
    return credentials.principal.userEntityRef;
  }

  private audited<T extends StoredSecretRequest>(
    eventId: string,
    meta: AuditMeta,
    action: () => Promise<T>,
  ): Promise<T> {
    return audited(
      this.deps.auditor,
      { eventId, meta, successMeta: result => auditMeta(result, meta.actor) },
      action,
    );
  }
}

/** The Vault role the service reads with: its annotation, else the entity's name. */
export function serviceRoleOf(entity: Entity, entityRef: string): string {
  const annotated =
    entity.metadata.annotations?.[ANNOTATION_VAULT_ROLE]?.trim();
  return annotated || parseEntityRef(entityRef).name.toLocaleLowerCase('en-US');
}

function sameRef(a: string, b: string): boolean {
  return a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');
}

function duplicateError(existing: StoredSecretRequest): ConflictError {
  return new ConflictError(
    `Secret request ${existing.id} (${existing.status}, by ${existing.requester}) already holds the ${existing.kind} secret "${existing.name}" of ${existing.entityRef} at ${existing.mount}/${existing.path}`,
  );
}

function refusal(
  request: StoredSecretRequest,
  decision: Decision,
): ConflictError {
  if (decision === 'retry') {
    return new ConflictError(
      request.status === 'approved'
        ? `Secret request ${request.id} is being provisioned right now; retry only if it fails`
        : `Secret request ${request.id} is ${request.status}; only a failed request can be retried`,
    );
  }
  if (request.status === 'expired') {
    return new ConflictError(
      `Secret request ${request.id} expired at ${
        request.expiresAt
      }, undecided; it can no longer be ${
        decision === 'approve' ? 'approved' : 'rejected'
      }`,
    );
  }
  return new ConflictError(
    `Secret request ${request.id} is already ${request.status}${
      request.approver ? ` (decided by ${request.approver})` : ''
    }`,
  );
}
