import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The scorecards page of the legacy frontend system, for apps to link to.
 * @public
 */
export const scorecardsRouteRef = createRouteRef({ id: 'security:scorecards' });
