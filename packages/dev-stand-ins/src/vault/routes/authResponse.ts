import { HttpAuth } from '../replies';
import { TokenEntry } from '../tokenStore';

/**
 * The `auth` block Vault returns on login and renewal. `policies` holds token and identity
 * policies together; `token_policies` only the token's own.
 */
export function httpAuth(
  entry: TokenEntry,
  leaseDuration: number,
  metadata: Record<string, string> | null,
): HttpAuth {
  return {
    client_token: entry.id,
    accessor: entry.accessor,
    policies: [
      ...new Set([...entry.policies, ...entry.identityPolicies]),
    ].sort(),
    token_policies: [...entry.policies],
    metadata,
    lease_duration: leaseDuration,
    renewable: entry.renewable,
    entity_id: entry.entityId,
    token_type: 'service',
    orphan: entry.orphan,
    mfa_requirement: null,
    num_uses: entry.numUses,
  };
}
