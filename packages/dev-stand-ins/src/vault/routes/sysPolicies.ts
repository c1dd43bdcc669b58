import { badRequest, notFound, unsupportedOperation } from '../errors';
import { PolicyStore } from '../policies';
import {
  maybeBase64,
  parsePolicyText,
  PolicyParseError,
  renderPolicyText,
} from '../policyText';
import { logical, noContent, Reply } from '../replies';
import { Backend, BackendRequest, stringParam } from './backend';

/** Policies Vault will not let anyone change or delete (vault/policy_store.go). */
const IMMUTABLE = ['root', 'response-wrapping', 'control-group'];

/** sys/ answers carry their data at the top level too (HTTPSysInjector). */
const sysReply = (data: Record<string, unknown>): Reply =>
  logical(data, { injectData: true });

function readPolicy(policies: PolicyStore, name: string): Reply {
  if (name === 'root') return sysReply({ name: 'root', policy: '' });
  const policy = policies.get(name);
  if (!policy) return notFound();
  return sysReply({
    name: policy.name,
    policy: policy.raw ?? renderPolicyText(policy),
  });
}

function writePolicy(
  policies: PolicyStore,
  name: string,
  request: BackendRequest,
): Reply {
  const text = stringParam(request.params, 'policy');
  if (text === '') {
    return badRequest("'policy' parameter not supplied or empty");
  }
  const raw = maybeBase64(text);
  let parsed;
  try {
    parsed = parsePolicyText(name, raw);
  } catch (error) {
    if (error instanceof PolicyParseError) {
      return badRequest(`failed to parse policy: ${error.message}`);
    }
    throw error;
  }
  // Vault parses first, then refuses the immutable names in the policy store.
  if (IMMUTABLE.includes(name)) {
    return badRequest(`cannot update "${name}" policy`);
  }
  policies.set({ ...parsed, raw });
  return noContent();
}

function deletePolicy(policies: PolicyStore, name: string): Reply {
  if (IMMUTABLE.includes(name)) {
    return badRequest(`cannot delete "${name}" policy`);
  }
  if (name === 'default') return badRequest('cannot delete default policy');
  // Deleting a policy that does not exist succeeds, as in Vault.
  policies.delete(name);
  return noContent();
}

/**
 * `sys/policies/acl`: list, read, write and delete ACL policies. Vault's path has no existence
 * check, so a write needs the `update` capability whether or not the policy exists.
 */
export function sysPoliciesBackend(policies: PolicyStore): Backend {
  return {
    mountType: 'system',
    handle(request) {
      const name = request.path.replace(/\/+$/, '').toLowerCase();
      const op = request.operation;
      if (name === '') {
        if (op !== 'list') return unsupportedOperation();
        return sysReply({ keys: [...policies.names(), 'root'] });
      }
      switch (op) {
        case 'read':
          return readPolicy(policies, name);
        case 'create':
        case 'update':
          return writePolicy(policies, name, request);
        case 'delete':
          return deletePolicy(policies, name);
        default:
          return unsupportedOperation();
      }
    },
  };
}
