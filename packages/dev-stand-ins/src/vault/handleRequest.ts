import { authorize } from './authorize';
import {
  badRequest,
  methodNotAllowed,
  noHandler,
  permissionDenied,
  sealedError,
  vaultError,
} from './errors';
import { matchMount, mountTable } from './mounts';
import { Reply } from './replies';
import { Operation } from './routes/backend';
import { sysHealth } from './routes/sysHealth';
import { VaultState } from './state';

type Query = Record<string, string | string[] | undefined>;

/** One HTTP request, already parsed by the transport. */
export interface CoreRequest {
  method: string;
  /** Decoded path relative to /v1/, e.g. 'secret/metadata/app'. */
  path: string;
  query: Query;
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown;
  token: string | undefined;
  namespace: string | undefined;
  contentType: string | undefined;
}

export interface CoreResult {
  reply: Reply;
  /** The answering mount's type, for envelopes that carry mount_type. */
  mountType?: string;
}

const MERGE_PATCH = 'application/merge-patch+json';

/** Go's strconv.ParseBool; undefined when invalid. */
function parseBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

function queryParams(
  query: Query,
  without: string[] = [],
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || without.includes(k)) continue;
    params[k] = Array.isArray(v) ? v[0] : v;
  }
  return params;
}

/**
 * Maps the HTTP method to a logical operation as http/logical.go buildLogicalRequestNoAuth
 * does; lists get a trailing '/' on the path.
 */
function toOperation(request: CoreRequest):
  | {
      operation: Operation | 'write';
      path: string;
      params: Record<string, unknown>;
    }
  | { error: Reply } {
  const { path } = request;
  const withSlash = path.endsWith('/') ? path : `${path}/`;
  const body =
    request.body &&
    typeof request.body === 'object' &&
    !Array.isArray(request.body)
      ? (request.body as Record<string, unknown>)
      : {};
  switch (request.method.toUpperCase()) {
    case 'GET': {
      const listText = request.query.list;
      const text = Array.isArray(listText) ? listText[0] : listText;
      if (text !== undefined && text !== '') {
        const list = parseBool(text);
        if (list === undefined) return { error: vaultError(400) };
        if (list) {
          return {
            operation: 'list',
            path: withSlash,
            params: queryParams(request.query, ['list']),
          };
        }
      }
      return {
        operation: 'read',
        path,
        params: queryParams(request.query, ['list']),
      };
    }
    case 'LIST':
      return {
        operation: 'list',
        path: withSlash,
        params: queryParams(request.query),
      };
    case 'POST':
    case 'PUT':
      return { operation: 'write', path, params: body };
    case 'DELETE':
      return { operation: 'delete', path, params: queryParams(request.query) };
    case 'PATCH': {
      const type = (request.contentType ?? '')
        .split(';')[0]
        .trim()
        .toLowerCase();
      if (type !== MERGE_PATCH) {
        return {
          error: vaultError(415, [
            `PATCH requires Content-Type of ${MERGE_PATCH}, provided ${type}`,
          ]),
        };
      }
      return { operation: 'patch', path, params: body };
    }
    case 'HEAD':
      return { operation: 'header', path, params: queryParams(request.query) };
    default:
      return { error: methodNotAllowed() };
  }
}

/** Vault's request handling, in Vault's order: health, seal, namespace, token and ACL, route. */
export function handleCoreRequest(
  state: VaultState,
  request: CoreRequest,
): CoreResult {
  if (request.path === 'sys/health') {
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'HEAD')
      return { reply: methodNotAllowed() };
    return { reply: sysHealth(state, request.query), mountType: 'system' };
  }
  const parsed = toOperation(request);
  if ('error' in parsed) return { reply: parsed.error };
  if (state.health.sealed || !state.health.initialized) {
    return { reply: sealedError() };
  }
  if (state.namespace !== undefined) {
    const sent = (request.namespace ?? '').replace(/^\/+|\/+$/g, '');
    if (sent !== state.namespace) return { reply: permissionDenied() };
  }
  // Vault refuses these before anything else: is "foo/" a key or a folder?
  if (
    (parsed.operation === 'write' || parsed.operation === 'patch') &&
    parsed.path.endsWith('/')
  ) {
    return { reply: badRequest("cannot write to a path ending in '/'") };
  }

  const match = matchMount(mountTable(state), parsed.path);
  const backend = match?.mount.backend;
  const subPath = match?.subPath ?? '';
  let operation: Operation;
  if (parsed.operation !== 'write') operation = parsed.operation;
  else if (backend?.exists?.(subPath) === false) operation = 'create';
  else operation = 'update';

  let token;
  if (!backend?.isUnauthenticated?.(subPath)) {
    const auth = authorize(state, request.token, parsed.path, operation);
    if ('error' in auth) return { reply: auth.error };
    token = auth.token;
  }
  if (!match || !backend) return { reply: noHandler(parsed.path) };

  return {
    reply: backend.handle({
      operation,
      path: subPath,
      fullPath: parsed.path,
      params: parsed.params,
      token,
    }),
    mountType: backend.mountType,
  };
}
