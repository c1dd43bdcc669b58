import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readPostureFactsConfig } from './config';
import { POSTURE_FACT_RETRIEVER_ID } from './facts';
import { createPostureFactRetriever } from './retriever';

/**
 * Adds the `posture-security-facts` fact retriever to the Tech Insights backend. Tech
 * Insights schedules it only when
 * `techInsights.factRetrievers.posture-security-facts.cadence` is set.
 * @public
 */
export const techInsightsModuleSecurity = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'posture-security',
  register(env) {
    env.registerInit({
      deps: {
        factRetrievers: techInsightsFactRetrieversExtensionPoint,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ factRetrievers, catalog, config, logger }) {
        const { kinds, concurrency } = readPostureFactsConfig(config);
        // Tech Insights registers a retriever under this key, and schedules it from the
        // config of the same name.
        factRetrievers.addFactRetrievers({
          [POSTURE_FACT_RETRIEVER_ID]: createPostureFactRetriever({
            catalog,
            kinds,
            concurrency,
          }),
        });
        const scheduleKey = `techInsights.factRetrievers.${POSTURE_FACT_RETRIEVER_ID}`;
        if (config.has(scheduleKey)) {
          logger.info(
            `Publishing Posture facts (${POSTURE_FACT_RETRIEVER_ID}) for ${kinds.join(
              ', ',
            )} entities, ${concurrency} at a time`,
          );
        } else {
          logger.warn(
            `Posture facts are not retrieved: set ${scheduleKey}.cadence (a cron expression) to schedule them`,
          );
        }
      },
    });
  },
});
