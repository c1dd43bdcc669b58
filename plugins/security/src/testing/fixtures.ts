import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { EntityPosture } from '@posture/backstage-plugin-security-common';

/** Example entities and postures shared by the tests and the dev harness. */

export function componentEntity(
  name: string,
  annotations: Record<string, string> = {
    'posture.dev/image': `ghcr.io/acme/${name}`,
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

/** What the backend answers for an entity nothing has been ingested for. */
export function emptyPosture(entity: Entity): EntityPosture {
  return {
    entityRef: stringifyEntityRef(entity),
    grade: null,
    score: null,
    reasons: [],
    vulnerabilities: null,
    sbom: null,
    signature: null,
    secrets: null,
    updatedAt: null,
  };
}

/** A scanned, graded entity whose signature and secrets have not been reported. */
export function gradedPosture(
  entity: Entity,
  scannedAt: string,
): EntityPosture {
  return {
    ...emptyPosture(entity),
    grade: 'D',
    score: 58,
    reasons: [
      {
        check: 'no-critical-vulnerabilities',
        message: '2 critical vulnerabilities have a fix available',
        fix: 'Upgrade openssl to 3.0.15 and rebuild the image',
      },
    ],
    vulnerabilities: {
      critical: 2,
      high: 5,
      medium: 11,
      low: 0,
      unknown: 1,
      fixable: { critical: 2, high: 3, medium: 0, low: 0, unknown: 0 },
      scannedAt,
      artifact: `ghcr.io/acme/${entity.metadata.name}:1.4.2`,
      digest:
        'sha256:4b825dc642cb6eb9a060e54bf8d69288fbee4904e2f4a5b3c1d0e9f8a7b6c5d4',
      stale: false,
    },
    sbom: { components: 214, format: 'cyclonedx', generatedAt: scannedAt },
    updatedAt: scannedAt,
  };
}
