import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { securityApiRef } from './api/SecurityApi';
import { SecurityClient } from './api/SecurityClient';
import {
  EntitySecurityContent,
  isSecurityAvailable,
  SecurityScorecardsPage,
  securityPlugin,
} from './plugin';
import { scorecardsRouteRef, securityPagesRouteRef } from './routes';
import { fakeSecurityApi } from './testing/fakeSecurityApi';
import { componentEntity, emptyPosture } from './testing/fixtures';

describe('security plugin (legacy frontend system)', () => {
  it('provides a SecurityClient for securityApiRef', () => {
    const [factory] = Array.from(securityPlugin.getApis());
    const discoveryApi: DiscoveryApi = {
      getBaseUrl: async () => 'http://backstage.test/api/security',
    };
    const fetchApi: FetchApi = { fetch: jest.fn() };

    expect(securityPlugin.getId()).toBe('security');
    expect(factory.api).toBe(securityApiRef);
    expect(factory.factory({ discoveryApi, fetchApi })).toBeInstanceOf(
      SecurityClient,
    );
  });

  it('shows the tab only for entities with a Posture annotation', () => {
    expect(isSecurityAvailable(componentEntity('payments'))).toBe(true);
    expect(
      isSecurityAvailable(
        componentEntity('billing', { 'vault.io/secrets-path': 'billing/' }),
      ),
    ).toBe(true);
    expect(isSecurityAvailable(componentEntity('legacy', {}))).toBe(false);
  });

  it('lazy-loads the Security tab content', async () => {
    const entity = componentEntity('payments');
    const securityApi = fakeSecurityApi({
      getPosture: async () => emptyPosture(entity),
    });

    await renderInTestApp(
      <TestApiProvider apis={[[securityApiRef, securityApi]]}>
        <EntityProvider entity={entity}>
          <EntitySecurityContent />
        </EntityProvider>
      </TestApiProvider>,
    );

    expect(
      await screen.findByText('No security data yet for payments'),
    ).toBeInTheDocument();
  });

  it('lazy-loads the scorecards page with its header', async () => {
    const securityApi = fakeSecurityApi();

    await renderInTestApp(
      <TestApiProvider apis={[[securityApiRef, securityApi]]}>
        <Routes>
          <Route path="/security" element={<SecurityScorecardsPage />} />
        </Routes>
      </TestApiProvider>,
      { routeEntries: ['/security'] },
    );

    expect(
      await screen.findByRole('heading', { name: 'Security scorecards' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('No entity has been graded yet'),
    ).toBeInTheDocument();
    expect(securityPlugin.routes.scorecards).toBe(scorecardsRouteRef);
  });

  it('serves the impact search and the campaigns beneath the scorecards page', async () => {
    const securityApi = fakeSecurityApi();

    await renderInTestApp(
      <TestApiProvider apis={[[securityApiRef, securityApi]]}>
        <Routes>
          <Route path="/security/*" element={<SecurityScorecardsPage />} />
        </Routes>
      </TestApiProvider>,
      { routeEntries: ['/security/impact?package=log4j-core'] },
    );

    expect(
      await screen.findByText('No service you can see runs log4j-core.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Campaigns' })).toHaveAttribute(
      'href',
      '/security/campaigns',
    );
    expect(securityPlugin.externalRoutes.securityPages).toBe(
      securityPagesRouteRef,
    );
  });
});
