import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { securityApiRef } from './api/SecurityApi';
import { SecurityClient } from './api/SecurityClient';

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

/**
 * The security plugin for the new frontend system.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'security',
  extensions: [securityApi, entitySecurityContent],
});
