export { VaultClient } from './VaultClient';
export type { VaultClientConfig, VaultClientOptions } from './VaultClient';
export { VaultError } from './VaultError';
export type { VaultErrorKind } from './VaultError';
export { VaultPathError, buildVaultRequest } from './vaultRoutes';
export type { VaultRoute, VaultRequest } from './vaultRoutes';
export type { KvMetadata, StaticRole, VaultHealth } from './schemas';
