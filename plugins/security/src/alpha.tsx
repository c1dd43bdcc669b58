import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import SecurityIcon from '@material-ui/icons/Security';
import VpnKeyIcon from '@material-ui/icons/VpnKey';
import { securityApiRef } from './api/SecurityApi';
import { SecurityClient } from './api/SecurityClient';
import {
  requestSecretRouteRef,
  secretRequestsRouteRef,
  securityPagesRouteRef,
} from './routes';

/** `api:security`: the HTTP client, replaceable by an app that overrides this extension. */
const securityApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: securityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecurityClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * `entity-content:security/entity`: the Security tab. Shown on every Component, not only
 * annotated ones, so owners of an unannotated service find out how to enable it.
 */
const entitySecurityContent = EntityContentBlueprint.make({
  name: 'entity',
  params: {
    path: '/security',
    title: 'Security',
    filter: { kind: 'component' },
    loader: () =>
      import('./components/EntitySecurityContent').then(m => (
        <m.EntitySecurityContent />
      )),
  },
});

/** The scorecards page, for links and the app's nav (which lists only pages with a route ref). */
const scorecardsRouteRef = createRouteRef();

/**
 * `page:security`: the fleet's scorecards at /security, with a "Security" nav item (the
 * title and icon are what the app's nav shows), and beneath it the impact search
 * (/security/impact) and the campaigns (/security/campaigns). The Security tab's
 * "Who else has this?" links come here by default (`securityPages`).
 */
const scorecardsPage = PageBlueprint.make({
  params: {
    path: '/security',
    routeRef: scorecardsRouteRef,
    title: 'Security',
    icon: <SecurityIcon fontSize="inherit" />,
    loader: () =>
      import('./components/SecurityPages').then(m => (
        <m.ScorecardsPageContent />
      )),
  },
});

/**
 * `page:security/secret-requests`: asking for a secret, one's own requests and the approval
 * queue, at /security/secret-requests (the scorecards keep /security), with a nav item. Its
 * route ref is the legacy system's too, so the Security tab links here in either system.
 */
const secretRequestsPage = PageBlueprint.make({
  name: 'secret-requests',
  params: {
    path: '/security/secret-requests',
    routeRef: secretRequestsRouteRef,
    title: 'Secret requests',
    icon: <VpnKeyIcon fontSize="inherit" />,
    loader: () =>
      import('./components/SecretRequests').then(m => (
        <m.SecretRequestsPageContent />
      )),
  },
});

/**
 * The security plugin for the new frontend system.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'security',
  routes: {
    scorecards: scorecardsRouteRef,
    secretRequests: secretRequestsRouteRef,
  },
  externalRoutes: {
    requestSecret: requestSecretRouteRef,
    securityPages: securityPagesRouteRef,
  },
  extensions: [
    securityApi,
    entitySecurityContent,
    scorecardsPage,
    secretRequestsPage,
  ],
});
