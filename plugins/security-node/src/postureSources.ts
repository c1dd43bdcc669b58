import {
  createExtensionPoint,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  SecretKind,
  SecretState,
  SignatureItem,
} from '@posture/backstage-plugin-security-common';

/**
 * A source's verdict for one image digest, over every log entry or bundle it judged:
 * `verified` when at least one verified. `unknown` means the digest could not be checked
 * this time (the backend then keeps an earlier verdict, marked stale). The stored item adds
 * when it was checked, whether it is stale, and which source reached it.
 * @public
 */
export type SignatureObservation = Omit<
  SignatureItem,
  'checkedAt' | 'stale' | 'error' | 'source'
>;

/** A verdict with no signature material behind it: nothing signed, or nothing known. @public */
export function verdictWithoutSignature(
  digest: string,
  status: 'unsigned' | 'unknown',
  reason: string,
  entries = 0,
): SignatureObservation {
  return {
    digest,
    status,
    reason,
    signer: null,
    logIndex: null,
    logUrl: null,
    integratedTime: null,
    kind: null,
    predicateType: null,
    entries,
  };
}

/**
 * Metadata of one secret, as a source read it; never its value. Status and age are not
 * observed: the backend derives them from these facts and the clock when they are read, so a
 * secret turns overdue on time even between checks.
 * @public
 */
export interface SecretObservation {
  /** The secret's path within its engine, e.g. `payments/payment-gateway/db`. */
  path: string;
  /** The mount, e.g. `secret`, `kv-payments` or `database`. */
  engine: string;
  kind: SecretKind;
  /** KV version number of the current value; null for static roles and when unknown. */
  currentVersion: number | null;
  /** When the current value was created (KV) or last rotated (static role); ISO 8601. */
  createdTime: string | null;
  /** When the secret's metadata last changed; ISO 8601. */
  updatedTime: string | null;
  /** How old the value may get before it is overdue; null when no policy applies. */
  maxAgeDays: number | null;
  /** `deleted` and `destroyed` current versions are states of their own, not ages. */
  state: SecretState;
  /** Why the secret could not be read, when `state` is `error`. */
  error: string | null;
}

/** What a source observed for one entity. @public */
export type PostureObservation =
  | { kind: 'signatures'; items: SignatureObservation[] }
  | { kind: 'secrets'; items: SecretObservation[] };

/** @public */
export interface PostureSourceContext {
  /** Aborted when the task is cancelled or the backend shuts down. */
  signal: AbortSignal;
  /** Image digests the store already knows for the entity (from ingested reports). */
  knownDigests: string[];
}

/**
 * Pull path: a source the backend polls on a schedule for every entity it applies to.
 * A source that cannot reach its system throws; the backend then keeps the last good data and
 * marks it stale with the error instead of overwriting it.
 * @public
 */
export interface PostureSource {
  /** Stable id, e.g. `vault` or `rekor`; also names the scheduled task. */
  id: string;
  /** What the source reports, so a failure marks the right data stale. */
  observes: PostureObservation['kind'];
  schedule?: SchedulerServiceTaskScheduleDefinition;
  appliesTo(entity: Entity): boolean;
  collect(
    entity: Entity,
    context: PostureSourceContext,
  ): Promise<PostureObservation>;
}

/** @public */
export interface SecurityPostureSourcesExtensionPoint {
  addPostureSource(...sources: PostureSource[]): void;
}

/** @public */
export const securityPostureSourcesExtensionPoint =
  createExtensionPoint<SecurityPostureSourcesExtensionPoint>({
    id: 'security.posture-sources',
  });
