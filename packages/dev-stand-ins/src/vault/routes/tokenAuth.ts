import {
  badRequest,
  internalError,
  permissionDenied,
  unsupportedOperation,
  unsupportedPath,
} from '../errors';
import { logical, noContent, Reply } from '../replies';
import { parseDurationSeconds, rfc3339 } from '../time';
import { TokenEntry, TokenStore } from '../tokenStore';
import { Backend } from './backend';
import { httpAuth } from './authResponse';

/**
 * GET auth/token/lookup-self data, keys as in auth-token-lookup-self.json. Like Vault, tokens
 * without a lease (root) have no issue_time or renewable, and identity_policies appears only
 * when an entity grants some.
 */
function lookupData(
  tokens: TokenStore,
  entry: TokenEntry,
): Record<string, unknown> {
  const data: Record<string, unknown> = {
    accessor: entry.accessor,
    creation_time: Math.floor(entry.issueTime.getTime() / 1000),
    creation_ttl: entry.creationTtl,
    display_name: entry.displayName,
    entity_id: entry.entityId,
    expire_time: entry.expireTime ? rfc3339(entry.expireTime) : null,
    explicit_max_ttl: entry.explicitMaxTtl,
    id: entry.id,
  };
  if (entry.identityPolicies.length) {
    data.identity_policies = [...entry.identityPolicies];
  }
  if (entry.expireTime) data.issue_time = rfc3339(entry.issueTime);
  data.meta = entry.meta ? { ...entry.meta } : null;
  data.num_uses = entry.numUses;
  data.orphan = entry.orphan;
  data.path = entry.path;
  data.policies = [...entry.policies];
  if (entry.expireTime) data.renewable = entry.renewable;
  data.ttl = tokens.ttlOf(entry);
  if (entry.lastRenewal) {
    data.last_renewal_time = Math.floor(entry.lastRenewal.getTime() / 1000);
    data.last_renewal = rfc3339(entry.lastRenewal);
  }
  return data;
}

function renewSelf(
  tokens: TokenStore,
  entry: TokenEntry,
  params: Record<string, unknown>,
): Reply {
  const increment =
    params.increment === undefined ? 0 : parseDurationSeconds(params.increment);
  if (increment === undefined) return badRequest('invalid increment');
  const result = tokens.renew(entry, increment);
  switch (result.kind) {
    case 'no-lease':
      return badRequest('invalid lease ID');
    case 'not-renewable':
      return badRequest('lease is not renewable');
    case 'past-max-ttl':
      return internalError('past the max TTL, cannot renew');
    default:
      return logical(null, {
        auth: httpAuth(entry, result.ttl, entry.meta),
        warnings: result.warnings,
      });
  }
}

/** The token auth method (auth/token/): the self-service paths a client uses. */
export function tokenBackend(tokens: TokenStore): Backend {
  return {
    mountType: 'token',
    handle(request) {
      const entry = request.token;
      // Core has checked the token already; this guards direct calls.
      if (!entry) return permissionDenied();
      switch (request.path) {
        case 'lookup-self':
          if (request.operation !== 'read') return unsupportedOperation();
          return logical(lookupData(tokens, entry));
        case 'renew-self':
          if (
            request.operation !== 'update' &&
            request.operation !== 'create'
          ) {
            return unsupportedOperation();
          }
          return renewSelf(tokens, entry, request.params);
        case 'revoke-self':
          if (
            request.operation !== 'update' &&
            request.operation !== 'create'
          ) {
            return unsupportedOperation();
          }
          tokens.revoke(entry.id);
          return noContent();
        default:
          return unsupportedPath();
      }
    },
  };
}
