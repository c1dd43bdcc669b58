import type { EntityPosture } from '@posture/backstage-plugin-security-common';

/** False until at least one source has reported for the entity. */
export function hasPostureData(posture: EntityPosture): boolean {
  return (
    posture.vulnerabilities !== null ||
    posture.sbom !== null ||
    posture.signature !== null ||
    posture.secrets !== null
  );
}
