import { parseDurationDays } from '@posture/backstage-plugin-security-common';
import type { SecretObservation } from '@posture/backstage-plugin-security-node';
import type { KvMetadata } from '../client';

/**
 * Custom-metadata keys a team may set on a secret to declare how long its value may live,
 * in order of precedence (`max_age: 30d`, `rotation_period: 720h`).
 */
export const MAX_AGE_KEYS = ['max_age', 'rotation_period'] as const;

/** The secret's own maximum age when its custom metadata declares a readable one. */
export function declaredMaxAgeDays(
  customMetadata: KvMetadata['custom_metadata'],
): number | null {
  for (const key of MAX_AGE_KEYS) {
    const value = customMetadata?.[key];
    if (typeof value === 'string' || typeof value === 'number') {
      const days = parseDurationDays(value);
      if (days !== null) return days;
    }
  }
  return null;
}

/**
 * Facts of one KV v2 secret from its metadata. The age is the current version's, not the
 * secret's: a secret created years ago and rotated last week is a week old.
 */
export function kvSecretObservation(args: {
  engine: string;
  path: string;
  metadata: KvMetadata;
  defaultMaxAgeDays: number;
  now: number;
}): SecretObservation {
  const { metadata } = args;
  const current = metadata.versions?.[String(metadata.current_version)];
  const deletionTime = current?.deletion_time
    ? Date.parse(current.deletion_time)
    : NaN;
  let state: SecretObservation['state'] = 'active';
  if (current?.destroyed) {
    state = 'destroyed';
  } else if (!Number.isNaN(deletionTime) && deletionTime <= args.now) {
    // `delete_version_after` stamps a future deletion_time on live versions: only a time
    // that has passed means deleted.
    state = 'deleted';
  }
  return {
    path: args.path,
    engine: args.engine,
    kind: 'kv',
    currentVersion:
      metadata.current_version > 0 ? metadata.current_version : null,
    createdTime: current?.created_time || null,
    updatedTime: metadata.updated_time || null,
    maxAgeDays:
      declaredMaxAgeDays(metadata.custom_metadata) ?? args.defaultMaxAgeDays,
    state,
    error: null,
  };
}
