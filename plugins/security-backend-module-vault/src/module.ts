import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { securityPostureSourcesExtensionPoint } from '@posture/backstage-plugin-security-node';
import { VaultClient } from './client';
import { VaultSecretsSource } from './collect';
import { readVaultConfig } from './config';

/**
 * Adds the `vault` posture source to the Posture security backend: the age of each service's
 * secrets from Vault metadata. Without `security.vault.baseUrl` it adds nothing.
 * @public
 */
export const securityModuleVault = createBackendModule({
  pluginId: 'security',
  moduleId: 'vault',
  register(env) {
    env.registerInit({
      deps: {
        sources: securityPostureSourcesExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
      },
      async init({ sources, config, logger, lifecycle }) {
        const vault = readVaultConfig(config);
        if (!vault) {
          logger.info(
            'Vault is not configured (security.vault.baseUrl is not set); secret ages are not read',
          );
          return;
        }
        const client = new VaultClient(vault, { logger });
        lifecycle.addShutdownHook(() => client.close());
        sources.addPostureSource(
          new VaultSecretsSource({
            client,
            kvMount: vault.kvMount,
            databaseMount: vault.databaseMount,
            defaultMaxAgeDays: vault.defaultMaxAgeDays,
            schedule: vault.schedule,
            logger,
          }),
        );
        logger.info(
          `Reading Vault secret metadata at ${vault.baseUrl} with ${
            vault.auth.method
          } auth${vault.namespace ? ` in namespace ${vault.namespace}` : ''}`,
        );
      },
    });
  },
});
