import { Reply } from '../replies';
import { TokenEntry } from '../tokenStore';

/**
 * Vault's logical operations. POST and PUT arrive as a write; core turns that into create or
 * update with the backend's existence check, which decides the ACL capability needed.
 */
export type Operation =
  | 'read'
  | 'list'
  | 'create'
  | 'update'
  | 'delete'
  | 'patch'
  | 'header';

export interface BackendRequest {
  operation: Operation;
  /** Path relative to the mount, e.g. 'metadata/payments/db'; lists end with '/'. */
  path: string;
  /** Path relative to /v1/, as Vault's req.Path. */
  fullPath: string;
  /** Query parameters for reads and lists, the JSON body for writes (as Vault merges them). */
  params: Record<string, unknown>;
  /** The caller's token; undefined on unauthenticated (login) paths. */
  token: TokenEntry | undefined;
}

/** One mounted engine or auth method. */
export interface Backend {
  /** Vault's mount type, reported as mount_type by newer servers. */
  readonly mountType: string;
  /** Login paths, which Vault serves without a token and without an ACL check. */
  isUnauthenticated?(path: string): boolean;
  /** Existence check for writes: true → 'update', false → 'create'; undefined → 'update'. */
  exists?(path: string): boolean | undefined;
  handle(request: BackendRequest): Reply;
}

/** Reads a string parameter the way Vault's framework does: absent or non-string → ''. */
export function stringParam(
  params: Record<string, unknown>,
  name: string,
): string {
  const value = params[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return '';
}

/** Reads an integer parameter; numeric strings are accepted like mapstructure's weak decode. */
export function intParam(
  params: Record<string, unknown>,
  name: string,
): number | undefined {
  const value = params[name];
  if (typeof value === 'number' && Number.isFinite(value))
    return Math.trunc(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) {
    return Number(value.trim());
  }
  return undefined;
}

/** Reads a list of version numbers (JSON array or comma-separated string). */
export function intListParam(
  params: Record<string, unknown>,
  name: string,
): number[] {
  const value = params[name];
  let items: unknown[] = [];
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'string') items = value.split(',');
  else if (typeof value === 'number') items = [value];
  return items
    .map(item => Number(typeof item === 'string' ? item.trim() : item))
    .filter(n => Number.isInteger(n) && n > 0);
}
