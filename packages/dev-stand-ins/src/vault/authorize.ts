import { ErrorReply } from './replies';
import { permissionDenied, policyDenied } from './errors';
import { Capability } from './policies';
import { Operation } from './routes/backend';
import { VaultState } from './state';
import { TokenEntry } from './tokenStore';

const CAPABILITY: Record<Operation, Capability> = {
  read: 'read',
  header: 'read',
  list: 'list',
  create: 'create',
  update: 'update',
  delete: 'delete',
  patch: 'patch',
};

/**
 * Core's token and ACL check, done before routing as Vault does, so a token without the
 * right policy is denied even on paths that do not exist.
 */
export function authorize(
  state: VaultState,
  tokenId: string | undefined,
  fullPath: string,
  operation: Operation,
): { token: TokenEntry } | { error: ErrorReply } {
  const token = state.tokens.lookup(tokenId);
  if (!token) return { error: permissionDenied() };
  const policies = [...token.policies, ...token.identityPolicies];
  if (!state.policies.allows(policies, fullPath, CAPABILITY[operation])) {
    return { error: policyDenied() };
  }
  return { token };
}
