/** What an item is about: refs and ids, flat, so nothing else can ride along into the table. */
export type WorkPayload = Record<string, string | number | boolean | null>;

/**
 * One kind of background work: what identifies an item (two requests with one key are one
 * item) and how to run it from its payload. Payloads are stored: refs and ids only, never a
 * secret value, and nothing a later run could not read again.
 */
export interface WorkKind<P extends WorkPayload> {
  /** Stable name, stored with each item; a replica claims only kinds it defines. */
  kind: string;
  key(payload: P): string;
  /**
   * Work that reads current state (an entity's secrets): a request arriving while an item
   * runs makes it run once more afterwards, so the requester's change is never missed by a
   * run that read before it. Otherwise such a request shares the running item.
   */
  fresh?: boolean;
  /** `signal` aborts when this replica lost the item (its lease ran out and another took it). */
  run(payload: P, signal: AbortSignal): Promise<void>;
}

/**
 * Work a request starts but does not wait for. Each call of a defined kind's function queues
 * an item and starts it on this replica at once; the promise settles when this replica's run
 * is over (or at once when another replica holds the item) and never rejects.
 */
export interface WorkQueue {
  define<P extends WorkPayload>(
    kind: WorkKind<P>,
  ): (payload: P) => Promise<void>;
}
