import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { securityExploitFeedsExtensionPoint } from '@posture/backstage-plugin-security-node';
import { KEV_CONFIG_KEY, readKevConfig } from './config/readKevConfig';
import { KevFeed } from './KevFeed';

/**
 * Adds CISA's Known Exploited Vulnerabilities catalog to the Posture security backend, read
 * daily from `security.kev.url` or `security.kev.file`. Without `security.kev` it adds
 * nothing and says so.
 * @public
 */
export const securityModuleKev = createBackendModule({
  pluginId: 'security',
  moduleId: 'kev',
  register(env) {
    env.registerInit({
      deps: {
        feeds: securityExploitFeedsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ feeds, config, logger }) {
        const kev = readKevConfig(config);
        if (!kev) {
          logger.warn(
            `The KEV feed is not configured (set ${KEV_CONFIG_KEY}.url or ${KEV_CONFIG_KEY}.file); no finding gets the known-exploited mark`,
          );
          return;
        }
        feeds.setKnownExploitedFeed(new KevFeed(kev, { logger }));
        logger.info(`Loading the KEV catalog from ${kev.location}`);
      },
    });
  },
});
