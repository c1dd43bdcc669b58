import { PathClass } from './classifyPath';

/** One request as the stand-in saw it. Holds the token's accessor, never the token. */
export interface RequestLogEntry {
  /** ISO time from the stand-in's clock. */
  time: string;
  /** 'LIST' for LIST requests, whatever the transport rewrote. */
  method: string;
  /** URL path as received, e.g. '/v1/secret/metadata/payments/db'. */
  path: string;
  query: Record<string, string | string[]>;
  /** X-Vault-Namespace header, or null when absent. */
  namespace: string | null;
  /** Accessor of the token sent, or null when none was sent or it was not a live token. */
  accessor: string | null;
  status: number;
  category: PathClass;
  /** True when an injected fault decided the answer. */
  faulted: boolean;
}

/** Every request the stand-in answered, in order. */
export class RequestLog {
  private readonly items: RequestLogEntry[] = [];

  record(entry: RequestLogEntry): void {
    this.items.push(entry);
  }

  /** A copy, so callers can filter freely. */
  entries(): RequestLogEntry[] {
    return this.items.map(e => ({ ...e, query: { ...e.query } }));
  }

  categories(): Set<PathClass> {
    return new Set(this.items.map(e => e.category));
  }

  byCategory(category: PathClass): RequestLogEntry[] {
    return this.entries().filter(e => e.category === category);
  }

  clear(): void {
    this.items.length = 0;
  }
}
