import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  securityPostureSourcesExtensionPoint,
  securitySecretProvisionersExtensionPoint,
} from '@posture/backstage-plugin-security-node';
import { VaultClient } from './client';
import { VaultSecretsSource } from './collect';
import { readVaultConfig } from './config';
import {
  readVaultProvisionerConfig,
  VaultProvisionerClient,
  VaultSecretProvisioner,
} from './provision';

/**
 * Adds the `vault` posture source to the Posture security backend: the age of each service's
 * secrets from Vault metadata. With `security.vault.provisioner` it also adds the `vault` secret
 * provisioner, which uses its own Vault identity. Without `security.vault.baseUrl` it adds
 * nothing.
 * @public
 */
export const securityModuleVault = createBackendModule({
  pluginId: 'security',
  moduleId: 'vault',
  register(env) {
    env.registerInit({
      deps: {
        sources: securityPostureSourcesExtensionPoint,
        provisioners: securitySecretProvisionersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
      },
      async init({ sources, provisioners, config, logger, lifecycle }) {
        const vault = readVaultConfig(config);
        // Read even without Vault, so a provisioner configured without it stops start-up.
        const provisioner = readVaultProvisionerConfig(config, vault);
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
        if (!provisioner) {
          logger.info(
            'Secret requests are not provisioned in Vault (security.vault.provisioner is not set)',
          );
          return;
        }
        const writer = new VaultProvisionerClient(
          { ...vault, auth: provisioner.auth },
          { logger },
        );
        lifecycle.addShutdownHook(() => writer.close());
        provisioners.addSecretProvisioner(
          new VaultSecretProvisioner({
            client: writer,
            config: provisioner,
            logger,
          }),
        );
        logger.info(
          `Provisioning secret requests in Vault with ${
            provisioner.auth.method
          } auth, on ${provisioner.mounts.join(
            ', ',
          )} under ${provisioner.pathPrefixes.join(', ')}`,
        );
      },
    });
  },
});
