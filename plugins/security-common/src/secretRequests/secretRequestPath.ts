import { parseEntityRef } from '@backstage/catalog-model';
import type { SecretRequestKind } from '../types';
import { SECRET_REQUEST_NAME_PATTERN } from './secretRequestInput';

/** What the catalog allows in a namespace or name; anything else could not be a path segment. */
const ENTITY_SEGMENT = /^[a-z0-9][a-z0-9._-]{0,252}$/;

/** Where provisioned secrets live in Vault; absent keys take the Vault module's defaults. @public */
export interface SecretRequestPathConfig {
  /** The KV v2 mount generated secrets are written to. @defaultValue `secret` */
  kvMount?: string;
  /** The database secrets engine mount static roles are created in. @defaultValue `database` */
  databaseMount?: string;
}

/** A request's place in Vault: the mount, and the path (KV) or role name (database). @public */
export interface SecretRequestLocation {
  mount: string;
  path: string;
}

/** The Vault module's default KV v2 mount. @public */
export const DEFAULT_SECRET_REQUEST_KV_MOUNT = 'secret';
/** The Vault module's default database secrets engine mount. @public */
export const DEFAULT_SECRET_REQUEST_DATABASE_MOUNT = 'database';

/**
 * The Vault location a request provisions, derived from the entity and the secret's name
 * (never sent by the requester): a KV secret at `<namespace>/<entity name>/<name>` under the
 * KV mount, a database static role named `<entity name>-<name>`. The entity's namespace and
 * name are lower-cased, as the catalog compares refs without regard to case, so one service
 * always maps to one folder. Throws a TypeError for a name outside SECRET_REQUEST_NAME_PATTERN
 * or an entity namespace or name that is not one path segment.
 * @public
 */
export function secretRequestPath(
  request: { entityRef: string; name: string; kind: SecretRequestKind },
  config?: SecretRequestPathConfig,
): SecretRequestLocation {
  const entity = parseEntityRef(request.entityRef);
  const namespace = segment(entity.namespace, 'namespace');
  const entityName = segment(entity.name, 'name');
  if (!SECRET_REQUEST_NAME_PATTERN.test(request.name)) {
    throw new TypeError(
      `Secret name "${request.name.slice(
        0,
        80,
      )}" is not 1 to 64 letters, digits, - or _`,
    );
  }
  if (request.kind === 'database-role') {
    return {
      mount: config?.databaseMount ?? DEFAULT_SECRET_REQUEST_DATABASE_MOUNT,
      path: `${entityName}-${request.name}`,
    };
  }
  return {
    mount: config?.kvMount ?? DEFAULT_SECRET_REQUEST_KV_MOUNT,
    path: `${namespace}/${entityName}/${request.name}`,
  };
}

/** Lower-cased, and refused unless it is one safe path segment (never `.`, `..` or a `/`). */
function segment(value: string, what: string): string {
  const lower = value.toLocaleLowerCase('en-US');
  if (!ENTITY_SEGMENT.test(lower)) {
    throw new TypeError(
      `Entity ${what} "${value.slice(0, 80)}" cannot be part of a Vault path`,
    );
  }
  return lower;
}
