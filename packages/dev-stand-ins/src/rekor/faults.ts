/**
 * A failure to inject for requests under a path prefix. With only `delayMs` the request is
 * answered normally after the delay; with `status` the stand-in answers
 * `{ code: status, message }` instead, after the delay if both are given.
 */
export interface RekorFault {
  status?: number;
  /** The body's message; by default Go's status text, as Rekor sends it. */
  message?: string;
  delayMs?: number;
  /** Apply to this many matching requests, then remove itself (to test retries). */
  times?: number;
  /** Only these HTTP methods (upper case); all when absent. */
  methods?: string[];
}

/** Accepts '/api/v1/log/entries', 'api/v1/log/entries' or 'log/entries'. */
function normalisePrefix(prefix: string): string {
  return prefix.replace(/^\/+/, '').replace(/^api\/v1(\/|$)/, '');
}

/** Per-path fault injection, longest matching prefix first. Paths are relative to /api/v1/. */
export class RekorFaultRegistry {
  private readonly faults = new Map<string, RekorFault>();

  set(pathPrefix: string, fault: RekorFault): void {
    this.faults.set(normalisePrefix(pathPrefix), { ...fault });
  }

  delete(pathPrefix: string): void {
    this.faults.delete(normalisePrefix(pathPrefix));
  }

  clear(): void {
    this.faults.clear();
  }

  list(): Array<{ pathPrefix: string; fault: RekorFault }> {
    return [...this.faults].map(([pathPrefix, fault]) => ({
      pathPrefix,
      fault: { ...fault },
    }));
  }

  /** The fault for a request path (relative to /api/v1/), consuming one use of a counted fault. */
  take(method: string, path: string): RekorFault | undefined {
    const rel = normalisePrefix(path);
    let bestPrefix: string | undefined;
    for (const [prefix, fault] of this.faults) {
      if (!rel.startsWith(prefix)) continue;
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

/** Go's http.StatusText for the codes a test is likely to inject. */
export function statusText(status: number): string {
  const texts: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    422: 'Unprocessable Entity',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return texts[status] ?? '';
}
