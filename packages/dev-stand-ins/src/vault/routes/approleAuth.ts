import { AuthRoles } from '../authRoles';
import { badRequest, unsupportedOperation, unsupportedPath } from '../errors';
import { newUuid } from '../ids';
import { logical } from '../replies';
import { TokenStore } from '../tokenStore';
import { Backend, stringParam } from './backend';
import { httpAuth } from './authResponse';

/** Vault gives the same answer for an unknown role_id and a wrong secret_id, on purpose. */
const INVALID = 'invalid role or secret ID';

/** The AppRole auth method: POST auth/{mount}/login with { role_id, secret_id }. */
export function approleBackend(
  mountPath: string,
  roles: AuthRoles,
  tokens: TokenStore,
): Backend {
  return {
    mountType: 'approle',
    isUnauthenticated: path => path === 'login',
    handle(request) {
      if (request.path !== 'login') return unsupportedPath();
      if (request.operation !== 'create' && request.operation !== 'update') {
        return unsupportedOperation();
      }
      const roleId = stringParam(request.params, 'role_id').trim();
      if (!roleId) return badRequest('missing role_id');
      const found = roles.findAppRoleByRoleId(roleId);
      if (!found) return badRequest(INVALID);
      const secretId = stringParam(request.params, 'secret_id').trim();
      if (!secretId) return badRequest('missing secret_id');
      if (!found.role.secretIds.includes(secretId)) return badRequest(INVALID);

      const metadata = { role_name: found.name };
      const entry = tokens.create({
        policies: found.role.policies,
        ttl: found.role.ttl && found.role.ttl > 0 ? found.role.ttl : undefined,
        maxTtl: found.role.maxTtl,
        renewable: true,
        displayName: 'approle',
        path: `auth/${mountPath}/login`,
        meta: metadata,
        entityId: newUuid(),
      });
      return logical(null, {
        auth: httpAuth(entry, entry.creationTtl, metadata),
      });
    },
  };
}
