import {
  encodeSegments,
  mountSegments,
  splitSegments,
  VaultPathError,
  type VaultRequest,
} from '../client/vaultRoutes';

/**
 * Every Vault endpoint the provisioner may call. Like the reader's routes, requests are made
 * from these only, never from a free-form path; none of them reads a secret value (there is no
 * route for GET `{kv}/data/...` or `{db}/static-creds/...`).
 * @public
 */
export type ProvisionerRoute =
  | { name: 'kv-metadata-read'; mount: string; path: string }
  | { name: 'kv-metadata-write'; mount: string; path: string }
  | { name: 'kv-data-create'; mount: string; path: string }
  | { name: 'static-role-read'; mount: string; role: string }
  | { name: 'static-role-create'; mount: string; role: string }
  | { name: 'acl-policy-write'; policy: string };

const IDENTITY = 'Posture provisioner';

function build(
  method: VaultRequest['method'],
  segments: string[],
  action: string,
): VaultRequest {
  const displayPath = segments.join('/');
  return {
    method,
    path: encodeSegments(segments),
    authenticated: true,
    namespaced: true,
    displayPath,
    action: `${action} at ${displayPath}`,
    identity: IDENTITY,
  };
}

function oneSegment(value: string, what: string): string[] {
  const segments = splitSegments(value, what);
  if (segments.length !== 1) {
    throw new VaultPathError(`invalid ${what} "${value}": it has no "/"`);
  }
  return segments;
}

/**
 * Turns a provisioner route into a request; throws {@link VaultPathError} for dot segments,
 * control characters, system mounts or a mount that contains a value endpoint.
 * @public
 */
export function buildProvisionerRequest(route: ProvisionerRoute): VaultRequest {
  switch (route.name) {
    case 'kv-metadata-read':
    case 'kv-metadata-write': {
      const segments = [
        ...mountSegments(route.mount),
        'metadata',
        ...splitSegments(route.path, 'secret path'),
      ];
      return route.name === 'kv-metadata-read'
        ? build('GET', segments, 'reading metadata')
        : build('POST', segments, 'writing metadata');
    }
    case 'kv-data-create':
      return build(
        'POST',
        [
          ...mountSegments(route.mount),
          'data',
          ...splitSegments(route.path, 'secret path'),
        ],
        'creating the secret',
      );
    case 'static-role-read':
    case 'static-role-create': {
      const segments = [
        ...mountSegments(route.mount),
        'static-roles',
        ...oneSegment(route.role, 'static role'),
      ];
      return route.name === 'static-role-read'
        ? build('GET', segments, 'reading static role')
        : build('POST', segments, 'creating static role');
    }
    case 'acl-policy-write':
      return build(
        'PUT',
        ['sys', 'policies', 'acl', ...oneSegment(route.policy, 'policy name')],
        'writing policy',
      );
    default:
      throw new VaultPathError(
        `unknown provisioner route ${(route as { name: string }).name}`,
      );
  }
}
