import { DatabaseMount, StaticRole } from '../databaseStore';
import {
  badRequest,
  notFound,
  unsupportedOperation,
  unsupportedPath,
} from '../errors';
import { logical, noContent, Reply } from '../replies';
import { Clock, parseDurationSeconds, rfc3339, secondsBetween } from '../time';
import { Backend, BackendRequest, stringParam } from './backend';

/** Go's zero time, which static-creds prints before the first rotation. */
const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** GET static-roles/{name}: the fields of database-static-role.json, never the password. */
function staticRoleData(role: StaticRole): Record<string, unknown> {
  const data: Record<string, unknown> = {
    credential_type: role.credentialType,
    db_name: role.dbName,
    username: role.username,
    rotation_statements: [...role.rotationStatements],
    rotation_period: role.rotationPeriod,
  };
  // Vault adds it only once the role has been rotated.
  if (role.lastVaultRotation) {
    data.last_vault_rotation = rfc3339(role.lastVaultRotation);
  }
  return data;
}

/** Seconds until the next rotation, as StaticAccount.CredentialTTL computes it. */
function credentialTtl(role: StaticRole, now: Date): number {
  if (!role.lastVaultRotation || role.rotationPeriod <= 0) return 0;
  const next = role.lastVaultRotation.getTime() + role.rotationPeriod * 1000;
  return Math.max(0, secondsBetween(now, new Date(next)));
}

function list(keys: string[]): Reply {
  return keys.length ? logical({ keys: [...keys].sort() }) : notFound();
}

function writeStaticRole(
  mount: DatabaseMount,
  name: string,
  request: BackendRequest,
): Reply {
  const existing = mount.staticRoles.get(name);
  const { params } = request;
  const username = stringParam(params, 'username') || existing?.username;
  if (!username)
    return badRequest(
      'username is a required field to create a static account',
    );
  const dbName = stringParam(params, 'db_name') || existing?.dbName;
  if (!dbName) return badRequest('database name is required');
  const period =
    params.rotation_period !== undefined
      ? parseDurationSeconds(params.rotation_period)
      : existing?.rotationPeriod;
  if (period === undefined || period < 5) {
    return badRequest('rotation_period must be 5 seconds or more');
  }
  const statements = Array.isArray(params.rotation_statements)
    ? params.rotation_statements.map(String)
    : existing?.rotationStatements;
  mount.putStaticRole(name, {
    username,
    dbName,
    rotationPeriod: period,
    rotationStatements: statements,
    lastVaultRotation: existing?.lastVaultRotation ?? null,
    password: existing?.password,
  });
  // Vault rotates a newly created static role's password straight away.
  if (!existing) mount.rotate(name);
  return noContent();
}

/** The database secrets engine on one mount: static roles and their credentials. */
export function databaseBackend(mount: DatabaseMount, now: Clock): Backend {
  return {
    mountType: 'database',
    exists(path) {
      const [head, name] = path.split('/', 2);
      if (head === 'static-roles' && name) return mount.staticRoles.has(name);
      return undefined;
    },
    handle(request) {
      const op = request.operation;
      const slash = request.path.indexOf('/');
      const head = slash === -1 ? request.path : request.path.slice(0, slash);
      const name = slash === -1 ? undefined : request.path.slice(slash + 1);

      switch (head) {
        case 'static-roles':
          // Vault's pattern is "static-roles/?$" for the list, so both spellings reach it.
          if (!name) {
            return op === 'list'
              ? list([...mount.staticRoles.keys()])
              : unsupportedOperation();
          }
          if (op === 'read') {
            const role = mount.staticRoles.get(name);
            return role ? logical(staticRoleData(role)) : notFound();
          }
          if (op === 'create' || op === 'update') {
            return writeStaticRole(mount, name, request);
          }
          if (op === 'delete') {
            mount.staticRoles.delete(name);
            return noContent();
          }
          return unsupportedOperation();
        case 'static-creds': {
          if (!name) return unsupportedPath();
          if (op !== 'read') return unsupportedOperation();
          const role = mount.staticRoles.get(name);
          if (!role) return badRequest(`unknown role: ${name}`);
          return logical({
            username: role.username,
            password: role.password,
            last_vault_rotation: role.lastVaultRotation
              ? rfc3339(role.lastVaultRotation)
              : GO_ZERO_TIME,
            rotation_period: role.rotationPeriod,
            ttl: credentialTtl(role, now()),
          });
        }
        case 'roles':
          if (!name) {
            return op === 'list'
              ? list([...mount.dynamicRoles.keys()])
              : unsupportedOperation();
          }
          if (op === 'read') {
            const role = mount.dynamicRoles.get(name);
            if (!role) return notFound();
            return logical({
              db_name: role.dbName,
              default_ttl: role.defaultTtl,
              max_ttl: role.maxTtl,
              creation_statements: [...role.creationStatements],
              revocation_statements: [],
              rollback_statements: [],
              renew_statements: [],
              credential_type: 'password',
            });
          }
          return unsupportedOperation();
        case 'creds': {
          if (!name) return unsupportedPath();
          if (op !== 'read') return unsupportedOperation();
          const issued = mount.issueCredential(name);
          if (!issued) return badRequest(`unknown role: ${name}`);
          return logical(
            { username: issued.username, password: issued.password },
            {
              leaseId: issued.leaseId,
              renewable: true,
              leaseDuration: issued.leaseDuration,
            },
          );
        }
        case 'rotate-role': {
          if (!name) return unsupportedPath();
          if (op !== 'create' && op !== 'update') return unsupportedOperation();
          return mount.rotate(name)
            ? noContent()
            : badRequest('no static role found for role name');
        }
        default:
          return unsupportedPath();
      }
    },
  };
}
