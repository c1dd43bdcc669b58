import { badRequest, notFound, unsupportedOperation } from '../errors';
import { KvInputError, KvMount, KvSecret, KvVersion } from '../kvStore';
import { logical, noContent, Reply } from '../replies';
import { goDuration, parseDurationSeconds, rfc3339 } from '../time';
import { Backend, BackendRequest, intListParam, intParam } from './backend';

/** Vault prints an unset deletion time as an empty string. */
function timeOrEmpty(date: Date | null): string {
  return date ? rfc3339(date) : '';
}

function versionMetadata(secret: KvSecret, version: KvVersion) {
  return {
    created_time: rfc3339(version.createdTime),
    custom_metadata: secret.customMetadata
      ? { ...secret.customMetadata }
      : null,
    deletion_time: timeOrEmpty(version.deletionTime),
    destroyed: version.destroyed,
    version: version.version,
  };
}

/** The data object of GET {mount}/metadata/{path}, keys as in kv2-read-secret-metadata.json. */
function metadataData(secret: KvSecret): Record<string, unknown> {
  const versions: Record<string, unknown> = {};
  for (const version of [...secret.versions.values()].sort(
    (a, b) => a.version - b.version,
  )) {
    versions[String(version.version)] = {
      created_time: rfc3339(version.createdTime),
      deletion_time: timeOrEmpty(version.deletionTime),
      destroyed: version.destroyed,
    };
  }
  return {
    cas_required: secret.casRequired,
    created_time: rfc3339(secret.createdTime),
    current_version: secret.currentVersion,
    delete_version_after: goDuration(secret.deleteVersionAfterSeconds),
    max_versions: secret.maxVersions,
    oldest_version: secret.oldestVersion,
    updated_time: rfc3339(secret.updatedTime),
    custom_metadata: secret.customMetadata
      ? { ...secret.customMetadata }
      : null,
    versions,
  };
}

const ROOT_WARNING =
  'Non-listing operations on the root of a K/V v2 mount are not supported.';

/** KV v2 answers paths outside its API with 404, no data and a hint in warnings. */
function invalidPath(request: BackendRequest): Reply {
  if (
    ['metadata', 'data', 'delete', 'undelete', 'destroy'].includes(request.path)
  ) {
    return logical(null, { status: 404, warnings: [ROOT_WARNING] });
  }
  const sub: Record<string, string> = {
    create: 'put',
    update: 'put',
    patch: 'patch',
    read: 'get',
    list: 'list',
    delete: 'delete',
  };
  return logical(null, {
    status: 404,
    warnings: [
      `Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv ${
        sub[request.operation] ?? 'get'
      }' for this operation.`,
    ],
  });
}

function parseCustomMetadata(
  value: unknown,
): Record<string, string> | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );
}

function readData(mount: KvMount, key: string, request: BackendRequest): Reply {
  const secret = mount.get(key);
  if (!secret) return notFound();
  const requested = intParam(request.params, 'version') ?? 0;
  const number = requested > 0 ? requested : secret.currentVersion;
  const version = secret.versions.get(number);
  if (!version) return notFound();
  const metadata = versionMetadata(secret, version);
  // Deleted or destroyed versions: 404, yet with the envelope and the version's metadata.
  if (mount.isDeleted(version) || version.destroyed) {
    return logical({ data: null, metadata }, { status: 404 });
  }
  return logical({ data: structuredClone(version.data), metadata });
}

function writeData(
  mount: KvMount,
  key: string,
  request: BackendRequest,
): Reply {
  const data = request.params.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return badRequest('no data provided');
  }
  const options = request.params.options;
  let cas: number | undefined;
  if (options && typeof options === 'object' && 'cas' in options) {
    cas = intParam(options as Record<string, unknown>, 'cas');
    if (cas === undefined)
      return badRequest('error parsing check-and-set parameter');
  }
  try {
    const version = mount.write(key, data as Record<string, unknown>, { cas });
    return logical(versionMetadata(mount.get(key)!, version));
  } catch (error) {
    if (error instanceof KvInputError) return badRequest(error.message);
    throw error;
  }
}

/** JSON merge patch (RFC 7386) of the current version's top-level keys, as KV v2 PATCH does. */
function patchData(
  mount: KvMount,
  key: string,
  request: BackendRequest,
): Reply {
  const secret = mount.get(key);
  const current = secret?.versions.get(secret.currentVersion);
  if (!secret || !current || mount.isDeleted(current) || current.destroyed) {
    return notFound();
  }
  const patch = request.params.data;
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    return badRequest('no data provided');
  }
  const merged: Record<string, unknown> = { ...(current.data ?? {}) };
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  return writeData(mount, key, {
    ...request,
    params: { ...request.params, data: merged },
  });
}

function writeMetadata(
  mount: KvMount,
  key: string,
  request: BackendRequest,
): Reply {
  const { params } = request;
  let deleteAfter: number | undefined;
  if (params.delete_version_after !== undefined) {
    deleteAfter = parseDurationSeconds(params.delete_version_after);
    if (deleteAfter === undefined) {
      return badRequest('error parsing delete_version_after');
    }
  }
  const customMetadata = parseCustomMetadata(params.custom_metadata);
  if (params.custom_metadata !== undefined && customMetadata === undefined) {
    return badRequest('custom_metadata must be a map of strings');
  }
  mount.writeMetadata(key, {
    maxVersions: intParam(params, 'max_versions'),
    casRequired:
      typeof params.cas_required === 'boolean'
        ? params.cas_required
        : undefined,
    deleteVersionAfterSeconds: deleteAfter,
    customMetadata,
  });
  return noContent();
}

function versionsCommand(
  request: BackendRequest,
  apply: (versions: number[]) => void,
): Reply {
  const versions = intListParam(request.params, 'versions');
  if (versions.length === 0) return badRequest('No version number provided');
  apply(versions);
  return noContent();
}

/** The KV version 2 secrets engine on one mount. */
export function kvBackend(mount: KvMount): Backend {
  const split = (path: string) => {
    const slash = path.indexOf('/');
    return slash === -1
      ? { head: path, key: undefined }
      : { head: path.slice(0, slash), key: path.slice(slash + 1) };
  };

  return {
    mountType: 'kv',
    exists(path) {
      const { head, key } = split(path);
      if ((head === 'data' || head === 'metadata') && key !== undefined) {
        return mount.get(key) !== undefined;
      }
      return undefined;
    },
    handle(request) {
      const { head, key } = split(request.path);
      const op = request.operation;
      if (head === 'config' && key === undefined) {
        if (op !== 'read') return unsupportedOperation();
        return logical({
          cas_required: mount.config.casRequired,
          delete_version_after: goDuration(
            mount.config.deleteVersionAfterSeconds,
          ),
          max_versions: mount.config.maxVersions,
        });
      }
      if (key === undefined) return invalidPath(request);
      switch (head) {
        case 'data':
          if (op === 'read') return readData(mount, key, request);
          if (op === 'create' || op === 'update')
            return writeData(mount, key, request);
          if (op === 'patch') return patchData(mount, key, request);
          if (op === 'delete') {
            mount.deleteVersions(key);
            return noContent();
          }
          return unsupportedOperation();
        case 'metadata': {
          if (op === 'list') {
            const keys = mount.list(key);
            return keys.length ? logical({ keys }) : notFound();
          }
          if (op === 'read') {
            const secret = key === '' ? undefined : mount.get(key);
            return secret ? logical(metadataData(secret)) : notFound();
          }
          if (op === 'create' || op === 'update' || op === 'patch') {
            return writeMetadata(mount, key, request);
          }
          if (op === 'delete') {
            mount.deleteAll(key);
            return noContent();
          }
          return unsupportedOperation();
        }
        case 'delete':
          if (op !== 'create' && op !== 'update') return unsupportedOperation();
          return versionsCommand(request, v => mount.deleteVersions(key, v));
        case 'undelete':
          if (op !== 'create' && op !== 'update') return unsupportedOperation();
          return versionsCommand(request, v => mount.undeleteVersions(key, v));
        case 'destroy':
          if (op !== 'create' && op !== 'update') return unsupportedOperation();
          return versionsCommand(request, v => mount.destroyVersions(key, v));
        default:
          return invalidPath(request);
      }
    },
  };
}
