/**
 * A failure to inject for requests under a path prefix. With only `delayMs` the request is
 * answered normally after the delay (long enough to make a client time out); with `status`
 * the stand-in answers that status instead, after the delay if both are given.
 */
export interface Fault {
  status?: number;
  /** Error strings for the body; by default, the text Vault sends for that status. */
  errors?: string[];
  delayMs?: number;
  /** Apply to this many matching requests, then remove itself (to test retries). */
  times?: number;
  /** Only these HTTP methods (upper case, 'LIST' included); all when absent. */
  methods?: string[];
}

/** Accepts '/v1/secret/metadata', 'v1/secret/metadata' or 'secret/metadata'. */
function normalisePrefix(prefix: string): string {
  return prefix.replace(/^\/+/, '').replace(/^v1(\/|$)/, '');
}

/** Per-path fault injection, longest matching prefix first. */
export class FaultRegistry {
  private readonly faults = new Map<string, Fault>();

  set(pathPrefix: string, fault: Fault): void {
    this.faults.set(normalisePrefix(pathPrefix), { ...fault });
  }

  delete(pathPrefix: string): void {
    this.faults.delete(normalisePrefix(pathPrefix));
  }

  clear(): void {
    this.faults.clear();
  }

  list(): Array<{ pathPrefix: string; fault: Fault }> {
    return [...this.faults].map(([pathPrefix, fault]) => ({
      pathPrefix,
      fault: { ...fault },
    }));
  }

  /** The fault for a request path (relative to /v1/), consuming one use of a counted fault. */
  take(method: string, path: string): Fault | undefined {
    let bestPrefix: string | undefined;
    for (const [prefix, fault] of this.faults) {
      if (!path.startsWith(prefix)) continue;
      if (fault.methods && !fault.methods.includes(method.toUpperCase()))
        continue;
      if (bestPrefix === undefined || prefix.length > bestPrefix.length) {
        bestPrefix = prefix;
      }
    }
    if (bestPrefix === undefined) return undefined;
    const fault = this.faults.get(bestPrefix)!;
    if (fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) this.faults.delete(bestPrefix);
    }
    return { ...fault };
  }
}
