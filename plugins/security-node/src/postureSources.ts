import {
  createExtensionPoint,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  SecretObservation,
  SignatureObservation,
} from '@posture/backstage-plugin-security-common';

// Observations are defined beside the rules that apply them (security-common) and
// re-exported here, where source authors look for them.
export {
  verdictWithoutSignature,
  type SecretObservation,
  type SignatureObservation,
} from '@posture/backstage-plugin-security-common';

/** What a source observed for one entity. @public */
export type PostureObservation =
  | { kind: 'signatures'; items: SignatureObservation[] }
  | { kind: 'secrets'; items: SecretObservation[] };

/**
 * A secret Posture itself provisioned for an entity (an approved secret request): where it
 * lives, in the terms of a {@link SecretObservation}.
 * @public
 */
export interface ProvisionedSecretLocation {
  /** The KV v2 mount, or the database secrets engine mount of a static role. */
  engine: string;
  /** The KV path under the mount, or the static role's name. */
  path: string;
  kind: 'kv' | 'database-static-role';
}

/** @public */
export interface PostureSourceContext {
  /** Aborted when the task is cancelled or the backend shuts down. */
  signal: AbortSignal;
  /** Image digests the store already knows for the entity (from ingested reports). */
  knownDigests: string[];
  /**
   * The locations Posture itself provisioned for the entity (secret requests that reached
   * `provisioned`), which its annotations need not name. A source that tracks secrets reads
   * them besides the annotated ones (each secret once), so a new secret shows without anyone
   * editing the catalog; the backend calls such a source for an entity that has any, even
   * when `appliesTo` is false. Empty for sources that observe signatures.
   */
  provisionedSecrets: ProvisionedSecretLocation[];
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
  /**
   * Whether the entity's annotations give the source something to read. A source observing
   * secrets is also called for entities with provisioned secrets (see
   * {@link PostureSourceContext.provisionedSecrets}).
   */
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
