import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  techInsightsFactRetrieversExtensionPoint,
  type FactRetriever,
} from '@backstage-community/plugin-tech-insights-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import techInsightsModuleSecurity from './index';

/** Stands in for the Tech Insights backend, which owns the extension point. */
function fakeTechInsights(added: Record<string, FactRetriever>) {
  return createBackendPlugin({
    pluginId: 'tech-insights',
    register(env) {
      env.registerExtensionPoint(techInsightsFactRetrieversExtensionPoint, {
        addFactRetrievers: retrievers => Object.assign(added, retrievers),
      });
      env.registerInit({ deps: {}, async init() {} });
    },
  });
}

function start(config: object) {
  const added: Record<string, FactRetriever> = {};
  const logger = mockServices.logger.mock();
  logger.child.mockReturnValue(logger);
  const backend = startTestBackend({
    features: [
      fakeTechInsights(added),
      techInsightsModuleSecurity,
      catalogServiceMock.factory(),
      logger.factory,
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  return { backend, added, logger };
}

describe('techInsightsModuleSecurity', () => {
  it('adds the retriever under its id, for the kinds Posture grades', async () => {
    const { backend, added, logger } = start({
      security: { reports: { entityKinds: ['Component', 'Resource'] } },
      techInsights: {
        factRetrievers: { 'posture-security-facts': { cadence: '0 * * * *' } },
      },
    });
    await (await backend).stop();

    expect(Object.keys(added)).toEqual(['posture-security-facts']);
    expect(added['posture-security-facts'].entityFilter).toEqual([
      { kind: ['Component', 'Resource'] },
    ]);
    expect(logger.info).toHaveBeenCalledWith(
      'Publishing Posture facts (posture-security-facts) for Component, Resource entities, 5 at a time',
    );
  });

  it('says how to schedule it when Tech Insights would not run it', async () => {
    const { backend, logger } = start({});
    await (await backend).stop();

    expect(logger.warn).toHaveBeenCalledWith(
      'Posture facts are not retrieved: set techInsights.factRetrievers.posture-security-facts.cadence (a cron expression) to schedule them',
    );
  });

  it('stops start-up on a bad option, naming its key', async () => {
    const { backend } = start({
      techInsights: { posture: { concurrency: 0 } },
    });

    await expect(backend).rejects.toThrow('techInsights.posture.concurrency');
  });
});
