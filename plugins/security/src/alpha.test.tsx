import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  ApiBlueprint,
  coreExtensionData,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import securityPlugin from './alpha';
import { securityApiRef } from './api/SecurityApi';
import { SecurityClient } from './api/SecurityClient';
import { fakeSecurityApi } from './testing/fakeSecurityApi';
import { componentEntity, emptyPosture } from './testing/fixtures';
import { SecretsCard } from './components/SecretsCard';
import { FindingsTable } from './components/VulnerabilitiesTable/FindingsTable';
import { vulnerability } from './testing/fixtures';
import { secretRequestsRouteRef } from './routes';

describe('security plugin (new frontend system)', () => {
  // getExtension is typed by extension id, so these lookups also pin the ids apps configure.
  const content = securityPlugin.getExtension('entity-content:security/entity');
  const api = securityPlugin.getExtension('api:security');
  const page = securityPlugin.getExtension('page:security');
  const secretRequestsPage = securityPlugin.getExtension(
    'page:security/secret-requests',
  );

  it('adds a Security tab at /security on Component pages only', () => {
    const tester = createExtensionTester(content);

    expect(tester.snapshot().id).toBe('entity-content:security/entity');
    expect(tester.get(coreExtensionData.routePath)).toBe('/security');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Security');

    const showsOn = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(showsOn).toBeDefined();
    expect(showsOn!(componentEntity('payments'))).toBe(true);
    // Not gated on annotations: unannotated components get setup instructions instead.
    expect(showsOn!(componentEntity('legacy', {}))).toBe(true);
    expect(showsOn!({ ...componentEntity('payments-api'), kind: 'API' })).toBe(
      false,
    );
  });

  it('renders the Security tab content for the current entity', async () => {
    const entity = componentEntity('payments');
    const securityApi = fakeSecurityApi({
      getPosture: async () => emptyPosture(entity),
    });
    const element = createExtensionTester(content).reactElement();

    await renderInTestApp(
      <EntityProvider entity={entity}>{element}</EntityProvider>,
      { apis: [[securityApiRef, securityApi]] },
    );

    expect(
      await screen.findByText('No security data yet for payments'),
    ).toBeInTheDocument();
  });

  it('adds the scorecards page at /security, titled Security for the nav', async () => {
    const tester = createExtensionTester(page);

    expect(tester.get(coreExtensionData.routePath)).toBe('/security');
    // The app's nav lists only pages that have a route ref.
    expect(tester.get(coreExtensionData.routeRef)).toBeDefined();
    expect(tester.get(coreExtensionData.title)).toBe('Security');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
  });

  it('renders the scorecards under the plugin header', async () => {
    const element = createExtensionTester(page).reactElement();

    await renderInTestApp(element, {
      apis: [[securityApiRef, fakeSecurityApi()]],
    });

    expect(
      await screen.findByText('No entity has been graded yet', undefined, {
        timeout: 10000,
      }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeEnabled();
  });

  it('provides a SecurityClient for securityApiRef', () => {
    const factory = createExtensionTester(api).get(
      ApiBlueprint.dataRefs.factory,
    );
    const discoveryApi: DiscoveryApi = {
      getBaseUrl: async () => 'http://backstage.test/api/security',
    };
    const fetchApi: FetchApi = { fetch: jest.fn() };

    expect(factory.api).toBe(securityApiRef);
    expect(factory.factory({ discoveryApi, fetchApi })).toBeInstanceOf(
      SecurityClient,
    );
  });

  it('adds the secret requests page at /security/secret-requests, with a route ref for the nav', () => {
    const tester = createExtensionTester(secretRequestsPage);

    expect(tester.get(coreExtensionData.routePath)).toBe(
      '/security/secret-requests',
    );
    expect(tester.get(coreExtensionData.routeRef)).toBe(secretRequestsRouteRef);
    expect(tester.get(coreExtensionData.title)).toBe('Secret requests');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
  });

  it('routes /security/secret-requests to the requests and keeps /security for the scorecards', async () => {
    const apis = [
      [securityApiRef, fakeSecurityApi()],
      mockApis.identity({ userEntityRef: 'user:default/alice' }),
    ] as const;

    const requests = renderTestApp({
      features: [securityPlugin],
      initialRouteEntries: ['/security/secret-requests'],
      apis,
    });
    expect(
      await requests.findByText('You have not requested a secret yet'),
    ).toBeInTheDocument();
    expect(
      requests.queryByText('No entity has been graded yet'),
    ).not.toBeInTheDocument();
    requests.unmount();

    const scorecards = renderTestApp({
      features: [securityPlugin],
      initialRouteEntries: ['/security'],
      apis,
    });
    expect(
      await scorecards.findByText('No entity has been graded yet'),
    ).toBeInTheDocument();
  });

  it('links the Secrets card to the request form by default, with its service', async () => {
    const entity = componentEntity('payments', {
      'vault.io/secrets-path': 'payments/',
    });

    // On a page of the app beside the plugin's own, as the Security tab is: the link's
    // default target is resolved by the app, from the plugin's routes.
    const cardPage = PageBlueprint.make({
      name: 'card',
      params: {
        path: '/card',
        loader: async () => (
          <SecretsCard
            entity={entity}
            summary={null}
            onReload={async () => {}}
          />
        ),
      },
    });
    renderTestApp({
      features: [securityPlugin],
      extensions: [cardPage],
      initialRouteEntries: ['/card'],
      apis: [[securityApiRef, fakeSecurityApi()]],
    });

    expect(
      await screen.findByRole('link', { name: /Request a secret/ }),
    ).toHaveAttribute(
      'href',
      '/security/secret-requests/new?entityRef=component%3Adefault%2Fpayments',
    );
  });

  it('routes /security/impact to the impact search and /security/campaigns to the campaigns', async () => {
    const getImpact = jest.fn(fakeSecurityApi().getImpact);
    const apis = [[securityApiRef, fakeSecurityApi({ getImpact })]] as const;

    const impact = renderTestApp({
      features: [securityPlugin],
      initialRouteEntries: ['/security/impact?vulnerability=CVE-2021-44228'],
      apis,
    });
    expect(
      await impact.findByText(
        'No service you can see is affected by CVE-2021-44228.',
        undefined,
        { timeout: 10000 },
      ),
    ).toBeInTheDocument();
    expect(getImpact).toHaveBeenCalledWith(
      { vulnerability: 'CVE-2021-44228' },
      expect.objectContaining({ sort: 'owner' }),
    );
    impact.unmount();

    const campaigns = renderTestApp({
      features: [securityPlugin],
      initialRouteEntries: ['/security/campaigns'],
      apis,
    });
    expect(
      await campaigns.findByText('No campaign yet.', undefined, {
        timeout: 10000,
      }),
    ).toBeInTheDocument();
  });

  it('links a finding of the Security tab to the impact search by default', async () => {
    // On a page of the app beside the plugin's own, as the Security tab is.
    const findingsPage = PageBlueprint.make({
      name: 'findings',
      params: {
        path: '/findings',
        loader: async () => (
          <FindingsTable findings={[vulnerability({ id: 'CVE-2021-44228' })]} />
        ),
      },
    });
    renderTestApp({
      features: [securityPlugin],
      extensions: [findingsPage],
      initialRouteEntries: ['/findings'],
      apis: [[securityApiRef, fakeSecurityApi()]],
    });

    expect(
      await screen.findByRole('link', { name: /Who else has this/ }),
    ).toHaveAttribute('href', '/security/impact?vulnerability=CVE-2021-44228');
  });
});
