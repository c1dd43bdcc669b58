export { VaultSecretProvisioner } from './VaultSecretProvisioner';
export type {
  VaultProvisionerCalls,
  VaultSecretProvisionerOptions,
} from './VaultSecretProvisioner';
export { VaultProvisionerClient } from './VaultProvisionerClient';
export type { VaultProvisionerClientOptions } from './VaultProvisionerClient';
export { readVaultProvisionerConfig } from './provisionerConfig';
export type { VaultProvisionerConfig } from './provisionerConfig';
export { buildProvisionerRequest } from './provisionerRoutes';
export type { ProvisionerRoute } from './provisionerRoutes';
