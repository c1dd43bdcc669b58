/**
 * The complete list of Vault endpoints Posture may call. Requests are made from these routes
 * only (never from a free-form path), so a secret value endpoint cannot be reached by
 * construction: there is no route for `{kv}/data/...`, `{db}/creds/...` or
 * `{db}/static-creds/...`, and {@link buildVaultRequest} re-checks every built path.
 * @public
 */
export type VaultRoute =
  | { name: 'health' }
  | { name: 'token-lookup-self' }
  | { name: 'token-renew-self' }
  | { name: 'login'; authMount: string; method: 'kubernetes' | 'approle' }
  | { name: 'kv-metadata'; mount: string; path: string }
  | { name: 'kv-list'; mount: string; folder: string }
  | { name: 'static-role'; mount: string; role: string };

/** A route turned into what goes on the wire, and words for error messages. */
export interface VaultRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Relative to `/v1/`, URL-encoded, e.g. `secret/metadata/payments/db`. */
  path: string;
  query?: string;
  /** Sends the Posture token. */
  authenticated: boolean;
  /** Sends `X-Vault-Namespace` (sys/health lives in the root namespace only). */
  namespaced: boolean;
  /** Human-readable path, unencoded, e.g. `secret/metadata/payments/db`. */
  displayPath: string;
  /** What the request does, for messages: "reading metadata at secret/metadata/x". */
  action: string;
  /** Whose token it carries, for messages: "Posture" (the reader) unless set. */
  identity?: string;
}

/** A path or mount that would leave the metadata endpoints; the request is never sent. */
export class VaultPathError extends Error {
  name = 'VaultPathError';
}

/**
 * Endpoint words that return secret values (or their structure) when they follow a mount.
 * A mount made of them would let `{mount}/metadata/x` land on one, e.g. mount `secret/data`
 * turns `secret/data/metadata/x` into a read of the value at `metadata/x`.
 */
const VALUE_ENDPOINTS = new Set(['data', 'creds', 'static-creds', 'subkeys']);
/** System mounts where `{mount}/metadata/x` means something else entirely. */
const RESERVED_FIRST_SEGMENTS = new Set([
  'sys',
  'auth',
  'identity',
  'cubbyhole',
]);

/** Splits a mount or path into segments, refusing dot segments and control characters. */
export function splitSegments(value: string, what: string): string[] {
  const trimmed = value.replace(/^\/+|\/+$/g, '');
  if (!trimmed) throw new VaultPathError(`empty ${what}`);
  const segments = trimmed.split('/');
  for (const segment of segments) {
    // Dot segments are resolved away by URL parsing, so `a/../data/x` would reach `data/x`.
    if (segment === '' || segment === '.' || segment === '..') {
      throw new VaultPathError(
        `invalid ${what} "${value}": empty, "." and ".." segments are not allowed`,
      );
    }
    if (
      [...segment].some(
        c => c < ' ' || c === '\u007f' || c === '?' || c === '#',
      )
    ) {
      throw new VaultPathError(
        `invalid ${what} "${value}": control characters, "?" and "#" are not allowed`,
      );
    }
  }
  return segments;
}

/** A secrets engine mount's segments, refusing system mounts and value endpoints in it. */
export function mountSegments(mount: string): string[] {
  const segments = splitSegments(mount, 'mount');
  if (RESERVED_FIRST_SEGMENTS.has(segments[0])) {
    throw new VaultPathError(
      `invalid mount "${mount}": ${segments[0]}/ is not a secrets engine`,
    );
  }
  const bad = segments.find(s => VALUE_ENDPOINTS.has(s));
  if (bad) {
    throw new VaultPathError(
      `invalid mount "${mount}": a "${bad}" segment would reach secret values`,
    );
  }
  return segments;
}

/** URL-encodes each segment. */
export const encodeSegments = (segments: string[]) =>
  segments.map(s => encodeURIComponent(s)).join('/');
const encode = encodeSegments;
const display = (segments: string[]) => segments.join('/');

function request(
  parts: {
    mount: string[];
    operation: string;
    rest: string[];
    trailingSlash?: boolean;
  },
  fields: Omit<VaultRequest, 'path' | 'displayPath' | 'action'> & {
    action: (displayPath: string) => string;
  },
): VaultRequest {
  const all = [...parts.mount, parts.operation, ...parts.rest];
  const slash = parts.trailingSlash ? '/' : '';
  const displayPath = display(all) + slash;
  const built: VaultRequest = {
    ...fields,
    path: encode(all) + slash,
    displayPath,
    action: fields.action(displayPath),
  };
  assertMetadataOnly(built.path, parts.mount.length);
  return built;
}

/**
 * Turns a route into a request. Throws {@link VaultPathError} for anything that could reach
 * a value endpoint (dot segments, a mount containing `data`/`creds`, system mounts).
 * @public
 */
export function buildVaultRequest(route: VaultRoute): VaultRequest {
  switch (route.name) {
    case 'health':
      return request(
        { mount: ['sys'], operation: 'health', rest: [] },
        {
          method: 'GET',
          // Standbys answer 200 too: any unsealed node can serve metadata reads.
          query: 'standbyok=true&perfstandbyok=true',
          authenticated: false,
          namespaced: false,
          action: () => 'checking Vault health at sys/health',
        },
      );
    case 'token-lookup-self':
      return request(
        { mount: ['auth', 'token'], operation: 'lookup-self', rest: [] },
        {
          method: 'GET',
          authenticated: true,
          namespaced: true,
          action: p => `looking up the Posture token at ${p}`,
        },
      );
    case 'token-renew-self':
      return request(
        { mount: ['auth', 'token'], operation: 'renew-self', rest: [] },
        {
          method: 'POST',
          authenticated: true,
          namespaced: true,
          action: p => `renewing the Posture token at ${p}`,
        },
      );
    case 'login': {
      const mount = splitSegments(route.authMount, 'auth mount');
      return request(
        { mount: ['auth', ...mount], operation: 'login', rest: [] },
        {
          method: 'POST',
          authenticated: false,
          namespaced: true,
          action: p => `logging in with ${route.method} at ${p}`,
        },
      );
    }
    case 'kv-metadata':
      return request(
        {
          mount: mountSegments(route.mount),
          operation: 'metadata',
          rest: splitSegments(route.path, 'secret path'),
        },
        {
          method: 'GET',
          authenticated: true,
          namespaced: true,
          action: p => `reading metadata at ${p}`,
        },
      );
    case 'kv-list': {
      // The mount root itself (folder "") is listable: `secret/metadata/`.
      const rest = route.folder.replace(/^\/+|\/+$/g, '')
        ? splitSegments(route.folder, 'secret folder')
        : [];
      return request(
        {
          mount: mountSegments(route.mount),
          operation: 'metadata',
          rest,
          trailingSlash: true,
        },
        {
          method: 'GET',
          // GET with list=true is Vault's documented alternative to the LIST verb, and passes
          // proxies that reject unknown methods.
          query: 'list=true',
          authenticated: true,
          namespaced: true,
          action: p => `listing metadata at ${p}`,
        },
      );
    }
    case 'static-role': {
      const role = splitSegments(route.role, 'static role');
      if (role.length !== 1) {
        throw new VaultPathError(
          `invalid static role "${route.role}": a role name has no "/"`,
        );
      }
      return request(
        {
          mount: mountSegments(route.mount),
          operation: 'static-roles',
          rest: role,
        },
        {
          method: 'GET',
          authenticated: true,
          namespaced: true,
          action: p => `reading static role at ${p}`,
        },
      );
    }
    default:
      // Exhaustiveness: a new route must be added above, deliberately.
      throw new VaultPathError(
        `unknown Vault route ${(route as { name: string }).name}`,
      );
  }
}

const ALLOWED_OPERATIONS = new Set([
  'health',
  'lookup-self',
  'renew-self',
  'login',
  'metadata',
  'static-roles',
]);

/**
 * The last line of defence, on the encoded path actually sent: the word after the mount must
 * be an allowed endpoint, and no value endpoint may appear before it. Words after it belong
 * to the secret's own name (a KV secret may well be called `data/warehouse`), which Vault
 * routes as a name, not as an endpoint.
 */
export function assertMetadataOnly(path: string, mountLength: number): void {
  const segments = path.replace(/\/$/, '').split('/').map(decodeURIComponent);
  const operation = segments[mountLength];
  const before = segments.slice(0, mountLength);
  if (
    !ALLOWED_OPERATIONS.has(operation) ||
    before.some(s => VALUE_ENDPOINTS.has(s)) ||
    segments.some(s => s === '' || s === '.' || s === '..')
  ) {
    throw new VaultPathError(
      `refusing to call Vault at ${path}: Posture only reads metadata`,
    );
  }
}
