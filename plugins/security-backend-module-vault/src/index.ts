/**
 * Posture source for HashiCorp Vault: how old each service's secrets are, read from secret
 * metadata and never from secret values.
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
export { readVaultConfig } from './config';
export type { VaultAuthConfig, VaultConfig } from './config';
