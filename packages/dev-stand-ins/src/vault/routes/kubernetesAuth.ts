import { AuthRoles } from '../authRoles';
import {
  badRequest,
  permissionDenied,
  unsupportedOperation,
  unsupportedPath,
} from '../errors';
import { newUuid } from '../ids';
import { logical } from '../replies';
import { TokenStore } from '../tokenStore';
import { Backend, stringParam } from './backend';
import { httpAuth } from './authResponse';

/** The Kubernetes auth method: POST auth/{mount}/login with { role, jwt }. */
export function kubernetesBackend(
  mountPath: string,
  roles: AuthRoles,
  tokens: TokenStore,
): Backend {
  return {
    mountType: 'kubernetes',
    isUnauthenticated: path => path === 'login',
    handle(request) {
      if (request.path !== 'login') return unsupportedPath();
      if (request.operation !== 'create' && request.operation !== 'update') {
        return unsupportedOperation();
      }
      const roleName = stringParam(request.params, 'role');
      if (!roleName) return badRequest('missing role');
      const jwt = stringParam(request.params, 'jwt');
      if (!jwt) return badRequest('missing jwt');
      const role = roles.kubernetes.get(roleName);
      if (!role) return badRequest(`invalid role name "${roleName}"`);
      // Vault answers a JWT that fails TokenReview with a bare permission denied.
      if (!role.jwts.includes(jwt)) return permissionDenied();

      const saName = role.serviceAccountName ?? roleName;
      const saNamespace = role.serviceAccountNamespace ?? 'default';
      const metadata = {
        role: roleName,
        service_account_name: saName,
        service_account_namespace: saNamespace,
        service_account_secret_name: '',
        service_account_uid: newUuid(),
      };
      const entry = tokens.create({
        policies: role.policies,
        ttl: role.ttl && role.ttl > 0 ? role.ttl : undefined,
        maxTtl: role.maxTtl,
        renewable: true,
        displayName: `kubernetes-${saNamespace}-${saName}`,
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
