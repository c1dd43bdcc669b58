import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ANNOTATION_SIGNING_IDENTITY } from '@posture/backstage-plugin-security-common';
import type { AllowedIdentity } from '../verify/types';

/**
 * Who may sign this entity's images: its `posture.dev/signing-identity` annotation
 * (`<issuer>|<subject pattern>`) when set, else the configured defaults. The annotation
 * replaces the defaults rather than adding to them, so a team can narrow who signs.
 */
export function identitiesFor(
  entity: Entity,
  defaults: AllowedIdentity[],
): AllowedIdentity[] {
  const value = entity.metadata.annotations?.[ANNOTATION_SIGNING_IDENTITY];
  if (!value?.trim()) {
    return defaults;
  }
  const separator = value.indexOf('|');
  const issuer = value.slice(0, separator).trim();
  const subjectPattern = value.slice(separator + 1).trim();
  if (separator < 0 || !issuer || !subjectPattern) {
    throw new InputError(
      `Annotation ${ANNOTATION_SIGNING_IDENTITY} must be "<OIDC issuer>|<subject pattern>", got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return [{ issuer, subjectPattern }];
}
