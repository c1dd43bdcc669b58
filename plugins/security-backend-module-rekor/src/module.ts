import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  securityPostureSourcesExtensionPoint,
  securitySignatureBundlesExtensionPoint,
} from '@posture/backstage-plugin-security-node';
import {
  PUBLIC_GOOD_SEARCH_URL,
  readRekorConfig,
} from './config/readRekorConfig';
import { readSigningConfig } from './config/readSigningConfig';
import { RekorClient } from './pull/RekorClient';
import { RekorSignatureSource } from './pull/RekorSignatureSource';
import { SigstoreBundleHandler } from './push/SigstoreBundleHandler';

/**
 * Adds verified image signatures to the Posture security backend: uploaded Sigstore bundles
 * (push) and, with `security.rekor.baseUrl`, attestations found in a Rekor log (pull).
 * @public
 */
export const securityModuleRekor = createBackendModule({
  pluginId: 'security',
  moduleId: 'rekor',
  register(env) {
    env.registerInit({
      deps: {
        sources: securityPostureSourcesExtensionPoint,
        bundles: securitySignatureBundlesExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ sources, bundles, config, logger }) {
        const signing = readSigningConfig(config);
        const rekor = readRekorConfig(config);
        bundles.addSignatureBundleHandler(
          new SigstoreBundleHandler({
            signing,
            searchUrl: rekor?.searchUrl ?? PUBLIC_GOOD_SEARCH_URL,
          }),
        );
        if (signing.identities.length === 0) {
          logger.warn(
            'security.signing.identities is empty: signatures can verify but none counts as from an allowed signer unless an entity sets posture.dev/signing-identity',
          );
        }
        if (!rekor) {
          logger.info(
            `Verifying uploaded Sigstore bundles against ${signing.trustedRootNames.join(
              ', ',
            )}; the Rekor log is not polled (security.rekor.baseUrl is not set)`,
          );
          return;
        }
        sources.addPostureSource(
          new RekorSignatureSource({
            client: new RekorClient(rekor, { logger }),
            config: rekor,
            signing,
            logger,
          }),
        );
        logger.info(
          `Verifying signatures from uploads and ${
            rekor.baseUrl
          } against ${signing.trustedRootNames.join(', ')}`,
        );
      },
    });
  },
});
