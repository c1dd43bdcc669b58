import type { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import type { EntityPosture } from '@posture/backstage-plugin-security-common';

/**
 * Reads Posture data from the security backend.
 * @public
 */
export interface SecurityApi {
  /**
   * The entity's posture summary. Sections are `null` until their source has reported
   * anything; rejects with a `ResponseError` for 401, 403 and 404.
   */
  getPosture(entityRef: CompoundEntityRef | string): Promise<EntityPosture>;
}

/**
 * The `plugin.security.` prefix makes the security plugin the owner of this API in the
 * new frontend system, so an app can override it without a conflict being reported.
 * @public
 */
export const securityApiRef = createApiRef<SecurityApi>({
  id: 'plugin.security.api',
});
