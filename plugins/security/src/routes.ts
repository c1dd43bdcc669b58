import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

/**
 * The scorecards page of the legacy frontend system, for apps to link to.
 * @public
 */
export const scorecardsRouteRef = createRouteRef({ id: 'security:scorecards' });

/**
 * The secret requests page (request a secret, my requests, the approval queue). One ref for
 * both frontend systems: the new one takes it as the page's route ref.
 * @public
 */
export const secretRequestsRouteRef = createRouteRef({
  id: 'security:secret-requests',
});

/**
 * Where the Secrets card's "Request a secret" goes: the secret requests page by default.
 * Optional, so an app that has not mounted that page gets no link instead of an error; an
 * app may bind it elsewhere.
 * @public
 */
export const requestSecretRouteRef = createExternalRouteRef({
  id: 'security:request-secret',
  optional: true,
  defaultTarget: 'security.secretRequests',
});

/**
 * Where the Security tab's "Who else has this?" links go: the fleet's security pages, whose
 * `impact` sub-route answers which services run a vulnerability or a package. By default the
 * scorecards page, where the impact search and the campaigns live. Optional, so an app that
 * has not mounted the page gets no link instead of an error.
 * @public
 */
export const securityPagesRouteRef = createExternalRouteRef({
  id: 'security:security-pages',
  optional: true,
  defaultTarget: 'security.scorecards',
});
