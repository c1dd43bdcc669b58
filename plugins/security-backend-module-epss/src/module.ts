import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { securityExploitFeedsExtensionPoint } from '@posture/backstage-plugin-security-node';
import { EPSS_CONFIG_KEY, readEpssConfig } from './config/readEpssConfig';
import { EpssFeed } from './EpssFeed';

/**
 * Adds FIRST's daily EPSS scores to the Posture security backend, read from
 * `security.epss.url` or `security.epss.file`. Without `security.epss` it adds nothing and
 * says so.
 * @public
 */
export const securityModuleEpss = createBackendModule({
  pluginId: 'security',
  moduleId: 'epss',
  register(env) {
    env.registerInit({
      deps: {
        feeds: securityExploitFeedsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ feeds, config, logger }) {
        const epss = readEpssConfig(config);
        if (!epss) {
          logger.warn(
            `The EPSS feed is not configured (set ${EPSS_CONFIG_KEY}.url or ${EPSS_CONFIG_KEY}.file); findings show no exploit likelihood`,
          );
          return;
        }
        feeds.setExploitScoreFeed(new EpssFeed(epss, { logger }));
        logger.info(`Loading EPSS scores from ${epss.location}`);
      },
    });
  },
});
