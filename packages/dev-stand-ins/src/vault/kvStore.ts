import { addSeconds, Clock } from './time';

/** One version of a KV v2 secret; `data` is what only the data endpoint ever returns. */
export interface KvVersion {
  version: number;
  createdTime: Date;
  /** A time at or before now means soft-deleted; a later time means scheduled deletion. */
  deletionTime: Date | null;
  destroyed: boolean;
  /** null once destroyed: Vault removes the value, keeping only the metadata. */
  data: Record<string, unknown> | null;
}

export interface KvSecret {
  path: string;
  createdTime: Date;
  updatedTime: Date;
  currentVersion: number;
  oldestVersion: number;
  maxVersions: number;
  casRequired: boolean;
  deleteVersionAfterSeconds: number;
  customMetadata: Record<string, string> | null;
  versions: Map<number, KvVersion>;
}

export interface KvMountConfig {
  /** 0 means Vault's default of 10. */
  maxVersions?: number;
  casRequired?: boolean;
  deleteVersionAfterSeconds?: number;
}

export interface KvWriteOptions {
  /** Check-and-set: the write succeeds only when this equals the current version. */
  cas?: number;
  /** Backdates the version, which is how seeds create old secrets. */
  createdTime?: Date;
}

export interface KvMetadataUpdate {
  maxVersions?: number;
  casRequired?: boolean;
  deleteVersionAfterSeconds?: number;
  customMetadata?: Record<string, string> | null;
}

/** Vault's KV v2 uses 10 versions when neither the key nor the mount sets max_versions. */
const DEFAULT_MAX_VERSIONS = 10;

/** Thrown for request errors Vault answers with 400 and a plain message. */
export class KvInputError extends Error {}

function normaliseKey(path: string): string {
  return path.replace(/^\/+/, '');
}

/** One KV v2 mount: secrets keyed by path, each with versions and metadata. */
export class KvMount {
  readonly secrets = new Map<string, KvSecret>();

  constructor(
    readonly name: string,
    readonly config: Required<KvMountConfig>,
    private readonly now: Clock,
  ) {}

  get(path: string): KvSecret | undefined {
    return this.secrets.get(normaliseKey(path));
  }

  /** Writes a new version, applying the same CAS and max_versions rules Vault does. */
  write(
    path: string,
    data: Record<string, unknown>,
    options: KvWriteOptions = {},
  ): KvVersion {
    const key = normaliseKey(path);
    const createdTime = options.createdTime ?? this.now();
    const existing = this.secrets.get(key);
    const secret: KvSecret = existing ?? {
      path: key,
      createdTime,
      updatedTime: createdTime,
      currentVersion: 0,
      oldestVersion: 0,
      maxVersions: 0,
      casRequired: false,
      deleteVersionAfterSeconds: 0,
      customMetadata: null,
      versions: new Map(),
    };
    if (options.cas !== undefined) {
      if (options.cas !== secret.currentVersion) {
        throw new KvInputError(
          'check-and-set parameter did not match the current version',
        );
      }
    } else if (this.config.casRequired || secret.casRequired) {
      throw new KvInputError('check-and-set parameter required for this call');
    }

    const deleteAfter = this.effectiveDeleteVersionAfter(secret);
    const version: KvVersion = {
      version: secret.currentVersion + 1,
      createdTime,
      deletionTime:
        deleteAfter > 0 ? addSeconds(createdTime, deleteAfter) : null,
      destroyed: false,
      data: structuredClone(data),
    };
    secret.currentVersion = version.version;
    secret.versions.set(version.version, version);
    secret.updatedTime = createdTime;
    this.pruneOldVersions(secret);
    this.secrets.set(key, secret);
    return version;
  }

  /** Creates or updates metadata only, as POST {mount}/metadata/{path} does. */
  writeMetadata(path: string, update: KvMetadataUpdate): KvSecret {
    const key = normaliseKey(path);
    const now = this.now();
    let secret = this.secrets.get(key);
    if (!secret) {
      secret = {
        path: key,
        createdTime: now,
        updatedTime: now,
        currentVersion: 0,
        oldestVersion: 0,
        maxVersions: 0,
        casRequired: false,
        deleteVersionAfterSeconds: 0,
        customMetadata: null,
        versions: new Map(),
      };
      this.secrets.set(key, secret);
    } else {
      secret.updatedTime = now;
    }
    if (update.maxVersions !== undefined)
      secret.maxVersions = update.maxVersions;
    if (update.casRequired !== undefined)
      secret.casRequired = update.casRequired;
    if (update.deleteVersionAfterSeconds !== undefined) {
      secret.deleteVersionAfterSeconds = update.deleteVersionAfterSeconds;
    }
    if (update.customMetadata !== undefined) {
      secret.customMetadata = update.customMetadata
        ? { ...update.customMetadata }
        : null;
    }
    return secret;
  }

  /** Soft-deletes versions (the latest when none are given); destroyed ones are left alone. */
  deleteVersions(path: string, versions?: number[], at?: Date): void {
    const secret = this.get(path);
    if (!secret) return;
    const when = at ?? this.now();
    for (const number of versions ?? [secret.currentVersion]) {
      const version = secret.versions.get(number);
      if (!version || version.destroyed) continue;
      if (version.deletionTime && version.deletionTime <= when) continue;
      version.deletionTime = when;
    }
  }

  undeleteVersions(path: string, versions: number[]): void {
    const secret = this.get(path);
    if (!secret) return;
    for (const number of versions) {
      const version = secret.versions.get(number);
      if (!version || version.destroyed) continue;
      const deleteAfter = this.effectiveDeleteVersionAfter(secret);
      version.deletionTime =
        deleteAfter > 0 ? addSeconds(this.now(), deleteAfter) : null;
    }
  }

  /** Permanently removes the values of versions; their metadata stays, marked destroyed. */
  destroyVersions(path: string, versions: number[]): void {
    const secret = this.get(path);
    if (!secret) return;
    for (const number of versions) {
      const version = secret.versions.get(number);
      if (!version) continue;
      version.destroyed = true;
      version.data = null;
    }
  }

  /** Removes the key and all its versions, as DELETE {mount}/metadata/{path} does. */
  deleteAll(path: string): void {
    this.secrets.delete(normaliseKey(path));
  }

  /** True when the version is soft-deleted as of now. */
  isDeleted(version: KvVersion): boolean {
    return version.deletionTime !== null && version.deletionTime <= this.now();
  }

  /**
   * Lists the keys directly under a folder the way Vault's storage does: leaf names, and
   * sub-folders with a trailing '/'; a name can be both ("foo" and "foo/").
   */
  list(folder: string): string[] {
    let prefix = normaliseKey(folder);
    if (prefix !== '' && !prefix.endsWith('/')) prefix += '/';
    const keys = new Set<string>();
    for (const key of this.secrets.keys()) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const slash = rest.indexOf('/');
      keys.add(slash === -1 ? rest : rest.slice(0, slash + 1));
    }
    return [...keys].filter(k => k !== '').sort();
  }

  private effectiveDeleteVersionAfter(secret: KvSecret): number {
    return secret.deleteVersionAfterSeconds > 0
      ? secret.deleteVersionAfterSeconds
      : this.config.deleteVersionAfterSeconds;
  }

  private pruneOldVersions(secret: KvSecret): void {
    const configured = Math.max(secret.maxVersions, this.config.maxVersions);
    const max = configured > 0 ? configured : DEFAULT_MAX_VERSIONS;
    if (secret.currentVersion - secret.oldestVersion < max) return;
    const lastToDelete = secret.currentVersion - max;
    for (let v = secret.oldestVersion; v <= lastToDelete; v++) {
      secret.versions.delete(v);
    }
    secret.oldestVersion = lastToDelete + 1;
  }
}

/** All KV v2 mounts of the stand-in, by mount name ("secret", "kv-payments"). */
export class KvStore {
  private readonly mounts = new Map<string, KvMount>();

  constructor(private readonly now: Clock) {}

  addMount(name: string, config: KvMountConfig = {}): KvMount {
    const key = name.replace(/^\/+|\/+$/g, '');
    const existing = this.mounts.get(key);
    if (existing) return existing;
    const mount = new KvMount(
      key,
      {
        maxVersions: config.maxVersions ?? 0,
        casRequired: config.casRequired ?? false,
        deleteVersionAfterSeconds: config.deleteVersionAfterSeconds ?? 0,
      },
      this.now,
    );
    this.mounts.set(key, mount);
    return mount;
  }

  mount(name: string): KvMount {
    const mount = this.mounts.get(name.replace(/^\/+|\/+$/g, ''));
    if (!mount) throw new Error(`no KV v2 mount named "${name}"`);
    return mount;
  }

  has(name: string): boolean {
    return this.mounts.has(name.replace(/^\/+|\/+$/g, ''));
  }

  names(): string[] {
    return [...this.mounts.keys()];
  }
}
