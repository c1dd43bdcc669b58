import type {
  BackstageCredentials,
  BackstageNonePrincipal,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';

/**
 * Who is asking, as precisely as the credentials say: the user or service, the service acting
 * for a user, and any access restrictions of an external token. Two callers that differ in any
 * of these never share a grant.
 */
export function callerKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as
    | BackstageUserPrincipal
    | BackstageServicePrincipal
    | BackstageNonePrincipal;
  switch (principal.type) {
    case 'user':
      return JSON.stringify(['user', principal.userEntityRef, principal.actor]);
    case 'service':
      return JSON.stringify([
        'service',
        principal.subject,
        principal.accessRestrictions,
      ]);
    default:
      return JSON.stringify([principal.type]);
  }
}

interface Entry<V> {
  value: Promise<V>;
  expiresAt: number;
}

/**
 * Read grants (the entity a caller was allowed to read) remembered for a few seconds, per
 * caller and entity. A Security tab opens with half a dozen reads of one entity, and each grant
 * costs a catalog fetch and a permission decision, each a request to another plugin: this lets
 * the burst pay once. Only grants are kept, never refusals, and only briefly: a revoked
 * permission or a hidden entity takes effect within `ttlMs`, and never crosses callers.
 * Concurrent misses for one key share one load.
 */
export class ReadGrantCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) {
      return hit.value;
    }
    if (this.ttlMs <= 0) {
      return load();
    }
    // The grant is as old as the decision, so it expires counting from when it was asked for.
    const value = load();
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    value.catch(() => {
      // A refusal or a failure is never remembered: the next read asks again.
      if (this.entries.get(key)?.value === value) {
        this.entries.delete(key);
      }
    });
    this.evict(now);
    return value;
  }

  private evict(now: number) {
    if (this.entries.size <= this.maxEntries) {
      return;
    }
    // Insertion order is expiry order, since every entry lives ttlMs.
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && entry.expiresAt > now) {
        break;
      }
      this.entries.delete(key);
    }
  }
}
