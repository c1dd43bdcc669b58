import type { SecretItem } from '@posture/backstage-plugin-security-common';

/** Where users open Vault's UI, from `security.vault` in the app config. */
export type VaultUiConfig = {
  publicUrl: string;
  namespace?: string;
};

/**
 * The page of a secret in Vault's UI. Every dynamic segment is encoded as a whole because
 * the UI's router treats `/` inside a segment as part of the name: a KV path such as
 * `payments/stripe` has to arrive as `payments%2Fstripe`, and so does a nested mount.
 * The namespace goes on every link; without it Vault Enterprise opens the root namespace
 * and answers "not found".
 */
export function vaultUiUrl(
  secret: Pick<SecretItem, 'kind' | 'engine' | 'path'>,
  config: VaultUiConfig,
): string {
  const base = config.publicUrl.replace(/\/+$/, '');
  const mount = encodeURIComponent(secret.engine.replace(/^\/+|\/+$/g, ''));
  const page =
    secret.kind === 'kv'
      ? `kv/${encodeURIComponent(secret.path)}/details`
      : `show/role/${encodeURIComponent(secret.path)}`;
  const query = config.namespace
    ? `?namespace=${encodeURIComponent(config.namespace)}`
    : '';
  return `${base}/ui/vault/secrets/${mount}/${page}${query}`;
}
