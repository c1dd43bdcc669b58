/** What every stand-in's faults have in common; each adds its own error body fields. */
export interface BaseFault {
  /** Answer with this status instead of the real response. */
  status?: number;
  /** Wait this long first (long enough and a client times out). */
  delayMs?: number;
  /** Only this many times, then the fault clears itself. */
  times?: number;
  /** Only these HTTP methods (upper case); all when absent. */
  methods?: string[];
  /** Extra response headers, e.g. `Retry-After` with a 429. */
  headers?: Record<string, string>;
  /**
   * The body exactly as sent, instead of the stand-in's own error body: a malformed answer
   * (truncated JSON, a proxy's HTML page). Answered with `status`, or 200 without one.
   */
  rawBody?: string;
}

/** Whether an injected fault decides the answer (rather than only delaying it). */
export function answersInstead(fault: BaseFault | undefined): boolean {
  return fault?.status !== undefined || fault?.rawBody !== undefined;
}

/**
 * Sends a fault's own body and headers; the Content-Type is JSON unless the fault's headers
 * name another.
 */
export function sendRawFault(
  res: {
    status(code: number): unknown;
    setHeader(name: string, value: string): unknown;
    end(body: string): unknown;
  },
  fault: BaseFault & { rawBody: string },
): void {
  res.status(fault.status ?? 200);
  res.setHeader('Content-Type', 'application/json');
  for (const [name, value] of Object.entries(fault.headers ?? {})) {
    res.setHeader(name, value);
  }
  res.end(fault.rawBody);
}

/**
 * Per-path fault injection, longest matching prefix first. `normalise` turns the prefixes a
 * test writes (with or without the API's base path) and request paths into one form.
 */
export class FaultRegistry<F extends BaseFault> {
  private readonly faults = new Map<string, F>();

  constructor(private readonly normalise: (path: string) => string) {}

  set(pathPrefix: string, fault: F): void {
    this.faults.set(this.normalise(pathPrefix), { ...fault });
  }

  delete(pathPrefix: string): void {
    this.faults.delete(this.normalise(pathPrefix));
  }

  clear(): void {
    this.faults.clear();
  }

  list(): Array<{ pathPrefix: string; fault: F }> {
    return [...this.faults].map(([pathPrefix, fault]) => ({
      pathPrefix,
      fault: { ...fault },
    }));
  }

  /** The fault for a request path, consuming one use of a counted fault. */
  take(method: string, path: string): F | undefined {
    const rel = this.normalise(path);
    let bestPrefix: string | undefined;
    for (const [prefix, fault] of this.faults) {
      if (!rel.startsWith(prefix)) continue;
      if (fault.methods && !fault.methods.includes(method.toUpperCase())) {
        continue;
      }
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
