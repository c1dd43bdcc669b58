import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { isPostureAvailable } from '@posture/backstage-plugin-security-common';
import { securityApiRef } from './api/SecurityApi';
import { SecurityClient } from './api/SecurityClient';

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
