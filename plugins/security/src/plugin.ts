import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { isPostureAvailable } from '@posture/backstage-plugin-security-common';
import { securityApiRef } from './api/SecurityApi';
import { SecurityClient } from './api/SecurityClient';
import {
  requestSecretRouteRef,
  scorecardsRouteRef,
  secretRequestsRouteRef,
  securityPagesRouteRef,
} from './routes';

/**
 * The security plugin for the legacy frontend system. Apps on the new frontend system
 * use the default export of `@posture/backstage-plugin-security/alpha` instead.
 * @public
 */
export const securityPlugin = createPlugin({
  id: 'security',
  apis: [
    createApiFactory({
      api: securityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecurityClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    scorecards: scorecardsRouteRef,
    secretRequests: secretRequestsRouteRef,
  },
  externalRoutes: {
    requestSecret: requestSecretRouteRef,
    securityPages: securityPagesRouteRef,
  },
});

/**
 * The Security tab content; render it inside an `EntityLayout.Route`.
 * @public
 */
export const EntitySecurityContent = securityPlugin.provide(
  createComponentExtension({
    name: 'EntitySecurityContent',
    component: {
      lazy: () =>
        import('./components/EntitySecurityContent').then(
          m => m.EntitySecurityContent,
        ),
    },
  }),
);

/**
 * Whether to show the Security tab for an entity, for `EntityLayout.Route`'s `if`.
 * @public
 */
export const isSecurityAvailable = isPostureAvailable;

/**
 * The fleet's security page; mount it on a route of the app, e.g.
 * `<Route path="/security" element={<SecurityScorecardsPage />} />`, and add a sidebar item.
 * The scorecards are at its root, the impact search ("where do we run it?") at `impact` and
 * the campaigns at `campaigns` beneath it; bind `securityPages` to it so the Security tab's
 * "Who else has this?" links lead there.
 * @public
 */
export const SecurityScorecardsPage = securityPlugin.provide(
  createRoutableExtension({
    name: 'SecurityScorecardsPage',
    component: () =>
      import('./components/SecurityPages').then(m => m.ScorecardsPage),
    mountPoint: scorecardsRouteRef,
  }),
);

/**
 * Self-service secret requests (request a secret, my requests, the approval queue); mount it
 * on a route of the app, e.g.
 * `<Route path="/security/secret-requests" element={<SecuritySecretRequestsPage />} />`, and
 * add a sidebar item. The Security tab's Secrets card links here once it is mounted.
 * @public
 */
export const SecuritySecretRequestsPage = securityPlugin.provide(
  createRoutableExtension({
    name: 'SecuritySecretRequestsPage',
    component: () =>
      import('./components/SecretRequests').then(m => m.SecretRequestsPage),
    mountPoint: secretRequestsRouteRef,
  }),
);
