import type { EntityPosture } from './types';

/**
 * The posture of an entity nothing has been reported for yet: every section null, no grade.
 * The backend answers it for such entities; the frontend's tests and dev pages start from it.
 * @public
 */
export function emptyPosture(entityRef: string): EntityPosture {
  return {
    entityRef,
    grade: null,
    score: null,
    reasons: [],
    vulnerabilities: null,
    sbom: null,
    signature: null,
    secrets: null,
    updatedAt: null,
    policy: null,
    checks: [],
  };
}
