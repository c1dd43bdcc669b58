import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { SecretProvisioner } from '@posture/backstage-plugin-security-node';
import {
  MAX_DETAIL,
  type SecretRequestStore,
  type StoredSecretRequest,
} from '../../database/DatabaseSecretRequestStore';
import { auditMeta, POSTURE_ACTOR } from './secretRequestAudit';
import type { SecretRequestNotifier } from './SecretRequestNotifier';

/**
 * How long one provisioning attempt may take before it is abandoned as failed, unless
 * `security.secretRequests.provisionTimeout` says otherwise.
 */
export const PROVISION_TIMEOUT_MS = 2 * 60_000;
/**
 * An attempt claimed this long ago and still `approved` was cut short (its replica died or
 * stopped mid-way): Posture resumes it, and a retry may claim it. Well past the timeout, so a
 * live attempt is never claimed twice (`security.secretRequests.resumeAfter`).
 */
export const STALE_ATTEMPT_MS = 15 * 60_000;

/**
 * One provisioning attempt of a request this instance has claimed (approved, or retried): the
 * provisioner writes the secret, the outcome is stored only if the attempt is still current,
 * and it is audited (`secret-request-provision`, failing with the reason) and notified. A
 * failure never throws: the request is `failed` with the reason, for an approver to retry.
 */
export class Provisioning {
  constructor(
    private readonly deps: {
      provisioner: SecretProvisioner | undefined;
      store: SecretRequestStore;
      auditor: AuditorService;
      logger: LoggerService;
      notifier: SecretRequestNotifier;
      now: () => Date;
      /** Told of each request this instance provisioned (the entity's secrets are checked). */
      onProvisioned?: (request: StoredSecretRequest) => void;
      /** {@link PROVISION_TIMEOUT_MS} by default. */
      timeoutMs?: number;
      /** {@link STALE_ATTEMPT_MS} by default. */
      staleAfterMs?: number;
    },
  ) {}

  private get timeoutMs(): number {
    return this.deps.timeoutMs ?? PROVISION_TIMEOUT_MS;
  }

  get available(): boolean {
    return this.deps.provisioner !== undefined;
  }

  staleBefore(now: Date): Date {
    return new Date(
      now.getTime() - (this.deps.staleAfterMs ?? STALE_ATTEMPT_MS),
    );
  }

  /**
   * `request` must be `approved` with the attempt this caller claimed. `serviceRole` is the
   * Vault role the service reads with, or an Error saying why it is not known (the entity
   * left the catalog): the attempt then fails with that reason, writing nothing.
   */
  async run(
    request: StoredSecretRequest,
    serviceRole: string | Error,
  ): Promise<StoredSecretRequest> {
    const { provisioner, store, auditor, logger, notifier } = this.deps;
    const event = await auditor.createEvent({
      eventId: 'secret-request-provision',
      severityLevel: 'high',
      meta: auditMeta(request, POSTURE_ACTOR),
    });
    let outcome: Parameters<SecretRequestStore['finish']>[0]['outcome'];
    try {
      if (!provisioner) {
        throw new Error('No secret provisioner is configured');
      }
      if (serviceRole instanceof Error) {
        throw serviceRole;
      }
      const result = await provisioner.provision(
        {
          requestId: request.id,
          entityRef: request.entityRef,
          ownerRef: request.ownerRef,
          kind: request.kind,
          name: request.name,
          rotationPeriodDays: request.rotationPeriodDays,
          serviceRole,
        },
        { signal: AbortSignal.timeout(this.timeoutMs) },
      );
      outcome = {
        type: 'provisioned',
        mount: result.mount,
        path: result.path,
        version: result.version,
        policyName: result.policyName,
      };
    } catch (error) {
      outcome = {
        type: 'failed',
        reason: reasonOf(
          error instanceof Error ? error : new Error(String(error)),
          this.timeoutMs,
        ),
      };
    }
    const finished = await store.finish({
      id: request.id,
      attempt: request.attempt,
      outcome,
      now: this.deps.now(),
    });
    // Undefined only when a later attempt superseded this one (it was taken for stale).
    const stored =
      finished ??
      (await store.get({ id: request.id, now: this.deps.now() })) ??
      request;
    if (outcome.type === 'provisioned') {
      await event.success({ meta: auditMeta(stored, POSTURE_ACTOR) });
    } else {
      logger.warn(
        `Provisioning secret request ${request.id} (${request.kind} "${request.name}" of ${request.entityRef}, attempt ${request.attempt}) failed: ${outcome.reason}`,
      );
      await event.fail({
        error: new Error(outcome.reason),
        meta: auditMeta(stored, POSTURE_ACTOR),
      });
    }
    if (finished) {
      await notifier.changed(finished, outcome.type);
      if (finished.status === 'provisioned') {
        this.deps.onProvisioned?.(finished);
      }
    }
    return stored;
  }
}

/**
 * The reason a failed request shows: the provisioner's message (which by contract never holds
 * a value), marked when retrying unchanged cannot help.
 */
function reasonOf(error: Error, timeoutMs: number): string {
  const retryable = (error as { retryable?: unknown }).retryable;
  const message =
    error.name === 'TimeoutError' || error.name === 'AbortError'
      ? `The provisioner did not finish within ${timeoutMs / 1000} seconds`
      : error.message || error.name;
  const text =
    retryable === false
      ? `${message} (retrying will not help until this is fixed)`
      : message;
  return text.slice(0, MAX_DETAIL);
}
