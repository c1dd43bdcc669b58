import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { FactRetrieverContext } from '@backstage-community/plugin-tech-insights-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DateTime } from 'luxon';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { checkoutFacts, checkoutPosture } from './__testUtils__/postures';
import { createPostureFactRetriever } from './retriever';

const SECURITY = 'http://security.test/api/security';
const POSTURE_ROUTE = `${SECURITY}/v1/entities/:kind/:namespace/:name/posture`;

function component(name: string, namespace = 'default'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace },
    spec: {
      type: 'service',
      owner: 'group:default/payments',
      lifecycle: 'production',
    },
  };
}

const catalogEntities: Entity[] = [
  component('checkout'),
  component('ledger', 'finance'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments' },
    spec: { type: 'team', children: [] },
  },
];

function setup(options: { entities?: Entity[]; concurrency?: number } = {}) {
  const logger = mockServices.logger.mock();
  const retriever = createPostureFactRetriever({
    catalog: catalogServiceMock({
      entities: options.entities ?? catalogEntities,
    }),
    kinds: ['Component'],
    concurrency: options.concurrency ?? 5,
  });
  const ctx: FactRetrieverContext = {
    config: new ConfigReader({}),
    discovery: mockServices.discovery.mock({
      getBaseUrl: async pluginId => `http://${pluginId}.test/api/${pluginId}`,
    }),
    auth: mockServices.auth({ pluginId: 'tech-insights' }),
    logger,
    urlReader: mockServices.urlReader.mock(),
    entityFilter: retriever.entityFilter,
  };
  return { retriever, logger, run: () => retriever.handler(ctx) };
}

const messages = (mock: { mock: { calls: unknown[][] } }) =>
  mock.mock.calls.map(call => call[0]);

describe('posture-security-facts retriever', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('publishes each entity’s facts, read with a service token for the security plugin', async () => {
    const authorizations: Array<string | null> = [];
    const paths: string[] = [];
    server.use(
      http.get(POSTURE_ROUTE, ({ request, params }) => {
        authorizations.push(request.headers.get('authorization'));
        paths.push(new URL(request.url).pathname);
        return HttpResponse.json({
          ...checkoutPosture,
          entityRef: `component:${params.namespace}/${params.name}`,
        });
      }),
    );
    const { retriever, run } = setup();

    const facts = await run();

    expect(retriever.id).toBe('posture-security-facts');
    expect(retriever.entityFilter).toEqual([{ kind: ['Component'] }]);
    expect(facts).toEqual([
      {
        entity: { kind: 'Component', namespace: 'default', name: 'checkout' },
        facts: checkoutFacts,
        timestamp: expect.any(DateTime),
      },
      {
        entity: { kind: 'Component', namespace: 'finance', name: 'ledger' },
        facts: checkoutFacts,
        timestamp: expect.any(DateTime),
      },
    ]);
    // The Group is not a kind Posture grades: never asked for.
    expect(paths.sort()).toEqual([
      '/api/security/v1/entities/component/default/checkout/posture',
      '/api/security/v1/entities/component/finance/ledger/posture',
    ]);
    const token = mockCredentials.service.token({
      onBehalfOf: mockCredentials.service('plugin:tech-insights'),
      targetPluginId: 'security',
    });
    expect(authorizations).toEqual([`Bearer ${token}`, `Bearer ${token}`]);
  });

  it('skips entities the security backend answers 404 or 403 for, quietly', async () => {
    server.use(
      http.get(POSTURE_ROUTE, ({ params }) => {
        if (params.name === 'checkout')
          return HttpResponse.json(checkoutPosture);
        if (params.name === 'ledger')
          return HttpResponse.json(
            { error: { name: 'NotAllowedError', message: 'Forbidden' } },
            { status: 403 },
          );
        return HttpResponse.json(
          { error: { name: 'NotFoundError', message: 'No such entity' } },
          { status: 404 },
        );
      }),
    );
    const { run, logger } = setup({
      entities: [...catalogEntities, component('gone')],
    });

    const facts = await run();

    expect(facts.map(fact => fact.entity.name)).toEqual(['checkout']);
    expect(logger.warn).not.toHaveBeenCalled();
    expect(messages(logger.info)).toEqual([
      'Posture facts for 1 of 3 entities (Component); 2 skipped (403/404), 0 failed',
    ]);
  });

  it('logs any other failure with the entity, skips that entity and finishes the run', async () => {
    server.use(
      http.get(POSTURE_ROUTE, ({ params }) => {
        switch (params.name) {
          case 'broken':
            return HttpResponse.json(
              { error: { name: 'Error', message: 'database is locked' } },
              { status: 500 },
            );
          case 'proxy':
            return HttpResponse.text('upstream connect error', {
              status: 502,
            });
          case 'garbled':
            return HttpResponse.text('<html>proxy error</html>', {
              headers: { 'content-type': 'application/json' },
            });
          case 'unreachable':
            return HttpResponse.error();
          default:
            return HttpResponse.json(checkoutPosture);
        }
      }),
    );
    const { run, logger } = setup({
      entities: [
        component('broken'),
        component('proxy'),
        component('checkout'),
        component('garbled'),
        component('unreachable'),
        component('ledger'),
      ],
    });

    const facts = await run();

    expect(facts.map(fact => fact.entity.name)).toEqual(['checkout', 'ledger']);
    // Requests run concurrently: their warnings come in any order, the summary last.
    const warnings = messages(logger.warn);
    expect(warnings.slice(0, 4).sort()).toEqual([
      expect.stringMatching(
        /^Could not read the posture of component:default\/broken; its facts are not updated this run: the security backend answered 500: database is locked$/,
      ),
      expect.stringMatching(
        /^Could not read the posture of component:default\/garbled; its facts are not updated this run: .*JSON/,
      ),
      'Could not read the posture of component:default/proxy; its facts are not updated this run: the security backend answered 502: upstream connect error',
      expect.stringMatching(
        /^Could not read the posture of component:default\/unreachable; /,
      ),
    ]);
    expect(warnings[4]).toBe(
      'Posture facts for 2 of 6 entities (Component); 0 skipped (403/404), 4 failed',
    );
    expect(warnings).toHaveLength(5);
  });

  it('reads at most `concurrency` postures at once', async () => {
    const total = 7;
    let inFlight = 0;
    let started = 0;
    let mostAtOnce = 0;
    let waiting: Array<() => void> = [];
    server.use(
      http.get(POSTURE_ROUTE, async () => {
        inFlight += 1;
        started += 1;
        mostAtOnce = Math.max(mostAtOnce, inFlight);
        const released = new Promise<void>(resolve => waiting.push(resolve));
        // Hold every request until the limit is reached (or no more can come), so requests
        // would pile up past the limit if nothing bounded them.
        if (inFlight >= 2 || started === total) {
          waiting.forEach(release => release());
          waiting = [];
        }
        await released;
        inFlight -= 1;
        return HttpResponse.json(checkoutPosture);
      }),
    );
    const { run } = setup({
      entities: Array.from({ length: total }, (_, i) => component(`svc-${i}`)),
      concurrency: 2,
    });

    const facts = await run();

    expect(facts).toHaveLength(total);
    expect(mostAtOnce).toBe(2);
  });
});
