import { RekorPathClass } from './classifyPath';

/** One request as the Rekor stand-in saw it. */
export interface RekorRequestLogEntry {
  /** ISO time. */
  time: string;
  method: string;
  /** URL path as received, e.g. '/api/v1/log/entries/108e…'. */
  path: string;
  query: Record<string, string | string[]>;
  status: number;
  category: RekorPathClass;
  /** True when an injected fault decided the answer. */
  faulted: boolean;
}

/** Every request the stand-in answered, in order. */
export class RekorRequestLog {
  private readonly items: RekorRequestLogEntry[] = [];

  record(entry: RekorRequestLogEntry): void {
    this.items.push(entry);
  }

  /** A copy, so callers can filter freely. */
  entries(): RekorRequestLogEntry[] {
    return this.items.map(e => ({ ...e, query: { ...e.query } }));
  }

  categories(): Set<RekorPathClass> {
    return new Set(this.items.map(e => e.category));
  }

  byCategory(category: RekorPathClass): RekorRequestLogEntry[] {
    return this.entries().filter(e => e.category === category);
  }

  clear(): void {
    this.items.length = 0;
  }
}
