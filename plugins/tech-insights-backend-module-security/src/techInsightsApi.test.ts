import {
  coreServices,
  createBackendModule,
  createBackendPlugin,
  type SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import techInsightsBackend from '@backstage-community/plugin-tech-insights-backend';
import techInsightsModuleJsonRulesEngine from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { load } from 'js-yaml';
import request from 'supertest';
import { checkoutFacts, checkoutPosture } from './__testUtils__/postures';
import { POSTURE_FACT_RETRIEVER_ID, POSTURE_FACT_SCHEMA } from './facts';
import techInsightsModuleSecurity from './index';

/** The demo's Tech Insights settings, so the test runs the checks the demo ships. */
function demoTechInsightsConfig() {
  const appConfig = load(
    readFileSync(resolve(__dirname, '../../../app-config.yaml'), 'utf8'),
  ) as { techInsights: object };
  return appConfig.techInsights;
}

const entities: Entity[] = ['checkout', 'unscanned'].map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/payments',
    lifecycle: 'production',
  },
}));

/**
 * Stands in for the security backend: answers checkout's posture to service callers only,
 * and 404 for any other entity, as the real one does for an entity it cannot find.
 */
function securityStandIn(callers: string[]) {
  return createBackendPlugin({
    pluginId: 'security',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          httpRouter.use(async (req, res, next) => {
            const match = req.path.match(
              /^\/v1\/entities\/([^/]+)\/([^/]+)\/([^/]+)\/posture$/,
            );
            if (req.method !== 'GET' || !match) {
              next();
              return;
            }
            try {
              const credentials = await httpAuth.credentials(req, {
                allow: ['service'],
              });
              callers.push(credentials.principal.subject);
              if (match.slice(1).join('/') === 'component/default/checkout') {
                res.json(checkoutPosture);
              } else {
                res.status(404).json({
                  error: { name: 'NotFoundError', message: 'no such entity' },
                });
              }
            } catch (error) {
              next(error);
            }
          });
        },
      });
    },
  });
}

/** Hands the test Tech Insights' scheduler, to run the retriever when the test says so. */
function schedulerOfTechInsights(captured: { scheduler?: SchedulerService }) {
  return createBackendModule({
    pluginId: 'tech-insights',
    moduleId: 'test-scheduler',
    register(env) {
      env.registerInit({
        deps: { scheduler: coreServices.scheduler },
        async init({ scheduler }) {
          captured.scheduler = scheduler;
        },
      });
    },
  });
}

async function startBackend() {
  const callers: string[] = [];
  const captured: { scheduler?: SchedulerService } = {};
  const backend = await startTestBackend({
    features: [
      techInsightsBackend,
      techInsightsModuleJsonRulesEngine,
      techInsightsModuleSecurity,
      securityStandIn(callers),
      catalogServiceMock.factory({ entities }),
      // The mock scheduler runs a task to the end when triggered, and never on a timer.
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      schedulerOfTechInsights(captured),
      mockServices.rootConfig.factory({
        data: { techInsights: demoTechInsightsConfig() },
      }),
    ],
  });
  const scheduler = captured.scheduler!;
  const api = (path: string) =>
    request(backend.server)
      .get(`/api/tech-insights${path}`)
      .set('Authorization', mockCredentials.user.header());
  return { backend, scheduler, callers, api };
}

describe('Tech Insights with the Posture module', () => {
  it('returns Posture’s facts for an example entity from the facts endpoint', async () => {
    const { backend, scheduler, callers, api } = await startBackend();
    try {
      await scheduler.triggerTask(POSTURE_FACT_RETRIEVER_ID);

      const response = await api('/facts/latest').query({
        entity: 'component:default/checkout',
        ids: POSTURE_FACT_RETRIEVER_ID,
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        [POSTURE_FACT_RETRIEVER_ID]: {
          id: POSTURE_FACT_RETRIEVER_ID,
          entity: { namespace: 'default', kind: 'component', name: 'checkout' },
          version: '0.1.0',
          timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          facts: checkoutFacts,
        },
      });
      // Read with the Tech Insights plugin's own service token, once per entity.
      expect(callers).toEqual(['plugin:tech-insights', 'plugin:tech-insights']);
    } finally {
      await backend.stop();
    }
  });

  it('publishes nothing for an entity the security backend answers 404 for', async () => {
    const { backend, scheduler, api } = await startBackend();
    try {
      await scheduler.triggerTask(POSTURE_FACT_RETRIEVER_ID);

      const response = await api('/facts/latest').query({
        entity: 'component:default/unscanned',
        ids: POSTURE_FACT_RETRIEVER_ID,
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({});
    } finally {
      await backend.stop();
    }
  });

  it('declares the facts’ schema to Tech Insights', async () => {
    const { backend, api } = await startBackend();
    try {
      // As the Tech Insights frontend client asks: ids[]=...
      const response = await api(
        `/fact-schemas?ids[]=${POSTURE_FACT_RETRIEVER_ID}`,
      );

      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        expect.objectContaining({
          id: POSTURE_FACT_RETRIEVER_ID,
          version: '0.1.0',
          entityFilter: [{ kind: ['Component'] }],
          ...POSTURE_FACT_SCHEMA,
        }),
      ]);
    } finally {
      await backend.stop();
    }
  });

  it('runs the demo’s checks on the facts: grade A or B passes, fixable highs fail', async () => {
    const { backend, scheduler } = await startBackend();
    try {
      await scheduler.triggerTask(POSTURE_FACT_RETRIEVER_ID);

      const response = await request(backend.server)
        .post('/api/tech-insights/checks/run/default/component/checkout')
        .set('Authorization', mockCredentials.user.header())
        .send({});

      expect(response.status).toBe(200);
      const results = Object.fromEntries(
        (
          response.body as Array<{ check: { name: string }; result: boolean }>
        ).map(item => [item.check.name, item.result]),
      );
      expect(results).toEqual({
        'Posture grade is A or B': true,
        'No fixable critical or high vulnerabilities': false,
      });
    } finally {
      await backend.stop();
    }
  });
});
