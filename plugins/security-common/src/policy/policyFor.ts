import { ANNOTATION_POLICY } from '../annotations';
import type { Policy, PolicySet } from './types';

const has = (record: object, key: string) =>
  Object.prototype.hasOwnProperty.call(record, key);

/**
 * The policy an entity is graded with: the one its `posture.dev/policy` annotation names, or
 * the default. A name no policy has falls back to the default and is returned as
 * `unknownName`, so the grade can say so rather than fail the entity for a typo.
 * @public
 */
export function policyFor(
  set: PolicySet,
  entityAnnotations: Record<string, string> | undefined,
): { policy: Policy; unknownName: string | null } {
  const name = entityAnnotations?.[ANNOTATION_POLICY]?.trim();
  if (name && has(set.policies, name)) {
    return { policy: set.policies[name], unknownName: null };
  }
  return {
    policy: set.policies[set.defaultPolicy],
    unknownName: name || null,
  };
}
