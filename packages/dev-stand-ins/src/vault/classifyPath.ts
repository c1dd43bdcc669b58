/**
 * What a request could reveal. Posture may only use 'metadata', 'list', 'role', 'health' and
 * 'auth'; 'data' and 'credential' are the paths that return secret values.
 */
export type PathClass =
  | 'metadata'
  | 'list'
  | 'role'
  | 'health'
  | 'auth'
  | 'data'
  | 'credential'
  | 'other';

/** Known mount names, to classify exactly instead of guessing from path segments. */
export interface MountNames {
  kv?: string[];
  database?: string[];
}

const KV_SEGMENTS = new Set([
  'data',
  'metadata',
  'subkeys',
  'delete',
  'undelete',
  'destroy',
  'config',
]);
const DATABASE_SEGMENTS = new Set([
  'static-roles',
  'static-creds',
  'roles',
  'creds',
  'rotate-role',
  'rotate-root',
  'config',
]);

/** Go's strconv.ParseBool, which is what Vault uses for ?list=. */
function parseBool(value: string | null): boolean {
  return (
    value !== null && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)
  );
}

function relativePath(path: string): { rel: string; query: URLSearchParams } {
  const q = path.indexOf('?');
  const bare = q === -1 ? path : path.slice(0, q);
  const query = new URLSearchParams(q === -1 ? '' : path.slice(q + 1));
  const rel = bare.replace(/^\/+/, '').replace(/^v1(\/|$)/, '');
  return { rel, query };
}

/** Splits off the mount and returns the backend keyword segment (e.g. 'metadata'). */
function keywordOf(rel: string, mounts?: MountNames): string | undefined {
  if (mounts) {
    const candidates = [
      ...(mounts.kv ?? []).map(m => ({ mount: m, kind: 'kv' as const })),
      ...(mounts.database ?? []).map(m => ({ mount: m, kind: 'db' as const })),
    ].sort((a, b) => b.mount.length - a.mount.length);
    for (const { mount } of candidates) {
      const prefix = `${mount.replace(/^\/+|\/+$/g, '')}/`;
      if (rel.startsWith(prefix) || `${rel}/` === prefix) {
        return rel.slice(prefix.length).split('/')[0];
      }
    }
    return undefined;
  }
  // Without mount names: the first known keyword after the first segment (the mount).
  const segments = rel.split('/');
  for (let i = 1; i < segments.length; i++) {
    if (KV_SEGMENTS.has(segments[i]) || DATABASE_SEGMENTS.has(segments[i])) {
      return segments[i];
    }
  }
  return undefined;
}

/**
 * Classifies a Vault API request. `path` may carry the `/v1/` prefix and a query string
 * (`?list=true` makes a GET a list, as in Vault).
 */
export function classifyPath(
  method: string,
  path: string,
  mounts?: MountNames,
): PathClass {
  const verb = method.toUpperCase();
  const { rel, query } = relativePath(path);
  const isList =
    verb === 'LIST' || (verb === 'GET' && parseBool(query.get('list')));
  const isRead = verb === 'GET' && !isList;

  if (rel === 'sys/health' || rel === 'sys/health/') return 'health';
  if (rel.startsWith('auth/')) return 'auth';
  if (rel.startsWith('sys/')) return 'other';

  switch (keywordOf(rel, mounts)) {
    case 'data':
    case 'subkeys':
      return 'data';
    case 'static-creds':
    case 'creds':
      return 'credential';
    case 'metadata':
      if (isList) return 'list';
      return isRead ? 'metadata' : 'other';
    case 'static-roles':
    case 'roles':
      if (isList) return 'list';
      return isRead ? 'role' : 'other';
    case undefined:
      return isList ? 'list' : 'other';
    default:
      return 'other';
  }
}
