import { ResponseError } from '@backstage/errors';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { Route, Routes, useLocation } from 'react-router-dom';
import { securityApiRef, type SecurityApi } from '../../../api/SecurityApi';
import { fakeSecurityApi } from '../../../testing/fakeSecurityApi';
import { ScorecardsPageContent } from '../SecurityPages';

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
 * The security pages mounted at /security as the app mounts them, opened at `url`, with the
 * security API's methods a test gives and a permission API (answered by the test's mock of
 * usePermission, where it has one).
 */
export function renderSecurityPages(url: string, api: Partial<SecurityApi>) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [securityApiRef, fakeSecurityApi(api)],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <Routes>
        <Route path="/security/*" element={<ScorecardsPageContent />} />
      </Routes>
      <LocationProbe />
    </TestApiProvider>,
    {
      routeEntries: [url],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/** What the client rejects with when the backend answers `status` with `message`. */
export function backendError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    ),
  );
}
