import { configApiRef, useApi } from '@backstage/core-plugin-api';
import type { VaultUiConfig } from './vaultUiUrl';

/**
 * Where Vault's UI is, when the app says. The backend's Vault address is often an
 * in-cluster name users cannot open, hence a separate public URL; without one, paths
 * are shown as plain text rather than as broken links.
 */
export function useVaultUiConfig(): VaultUiConfig | undefined {
  const config = useApi(configApiRef);
  const publicUrl = config.getOptionalString('security.vault.publicUrl');
  if (!publicUrl) {
    return undefined;
  }
  return {
    publicUrl,
    namespace: config.getOptionalString('security.vault.namespace'),
  };
}
