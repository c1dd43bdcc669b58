import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_IMAGE,
  ANNOTATION_VAULT_SECRETS_PATH,
  isPostureAvailable,
} from '@posture/backstage-plugin-security-common';
import { EntityPostureState } from './EntityPostureState';

/**
 * The Security tab of an entity page. The annotation check comes first so an entity
 * Posture cannot track gets setup instructions instead of a pointless request.
 * @public
 */
export function EntitySecurityContent() {
  const { entity } = useEntity();
  return (
    <div data-testid="security-tab">
      {isPostureAvailable(entity) ? (
        <EntityPostureState entity={entity} />
      ) : (
        <MissingAnnotationEmptyState
          annotation={[ANNOTATION_IMAGE, ANNOTATION_VAULT_SECRETS_PATH]}
        />
      )}
    </div>
  );
}
