import { identityApiRef } from '@backstage/core-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { Route, Routes, useLocation } from 'react-router-dom';
import { securityApiRef, type SecurityApi } from '../../../api/SecurityApi';
import { SecretRequestsContent } from '../SecretRequestsContent';
import { fakeSecurityApi } from '../../../testing/fakeSecurityApi';

/** Where the app mounts the page in these tests, as the demo app does. */
export const PAGE = '/security/secret-requests';

function entity(kind: string, name: string, title?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', ...(title ? { title } : {}) },
    spec: {},
  };
}

/** The catalog the pickers offer: two services, two teams, two people. */
export const catalogEntities: Entity[] = [
  entity('Component', 'payments', 'Payments'),
  entity('Component', 'orders'),
  entity('Group', 'team-payments'),
  entity('Group', 'team-platform'),
  entity('User', 'alice'),
  entity('User', 'carol'),
];

function LocationProbe() {
  const location = useLocation();
  return (
    <output data-testid="location">{`${location.pathname}${location.search}`}</output>
  );
}

/** The page's path and query, as the browser would show them. */
export function currentLocation(): string {
  return document.querySelector('[data-testid="location"]')?.textContent ?? '';
}

/**
 * The secret requests page at `url` as `user` (carol unless said), with the security API's
 * methods a test gives, a catalog, and a permission API (answered by the test's mock of
 * usePermission).
 */
export function renderSecretRequests(
  url: string,
  options: { api?: Partial<SecurityApi>; user?: string } = {},
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [securityApiRef, fakeSecurityApi(options.api)],
        [catalogApiRef, catalogApiMock({ entities: catalogEntities })],
        [permissionApiRef, mockApis.permission()],
        [
          identityApiRef,
          mockApis.identity({
            userEntityRef: options.user ?? 'user:default/carol',
          }),
        ],
      ]}
    >
      <Routes>
        <Route path={`${PAGE}/*`} element={<SecretRequestsContent />} />
      </Routes>
      <LocationProbe />
    </TestApiProvider>,
    {
      routeEntries: [url],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}
