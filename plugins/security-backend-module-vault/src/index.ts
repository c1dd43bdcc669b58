/**
 * Posture source for HashiCorp Vault: how old each service's secrets are, read from secret
 * metadata and never from secret values; and, when configured, the provisioner that creates
 * the secrets of approved secret requests with a separate Vault identity.
 *
 * @packageDocumentation
 */
export { securityModuleVault as default } from './module';
export {
  VaultClient,
  VaultError,
  VaultPathError,
  buildVaultRequest,
} from './client';
export type {
  KvMetadata,
  StaticRole,
  VaultClientConfig,
  VaultClientOptions,
  VaultErrorKind,
  VaultHealth,
  VaultRequest,
  VaultRoute,
} from './client';
export { VaultSecretsSource } from './collect';
export type { VaultSecretsReader, VaultSecretsSourceOptions } from './collect';
export {
  VaultSecretProvisioner,
  VaultProvisionerClient,
  readVaultProvisionerConfig,
  buildProvisionerRequest,
} from './provision';
export type {
  ProvisionerRoute,
  VaultProvisionerCalls,
  VaultProvisionerClientOptions,
  VaultProvisionerConfig,
  VaultSecretProvisionerOptions,
} from './provision';
export { readVaultConfig } from './config';
export type { VaultAuthConfig, VaultConfig } from './config';
