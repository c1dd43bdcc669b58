import { ServiceUnavailableError } from '@backstage/errors';

/** What a refused upload is told to wait before trying again. */
export const INGESTION_RETRY_AFTER_SECONDS = 10;

/** 503 for an upload that found every ingestion slot and queue place taken. */
export class IngestionBusyError extends ServiceUnavailableError {
  readonly retryAfterSeconds = INGESTION_RETRY_AFTER_SECONDS;
}

/**
 * Bounds the memory of report uploads: a 50 MB report peaks near 870 MB of resident memory
 * while it is read, parsed and written, so only `maxConcurrent` run at once. Uploads beyond
 * that wait, up to `maxQueued` of them, before their body is read (a waiting upload holds a
 * socket, not its report); the next one is answered 503 without reading its body.
 */
export class IngestionSlots {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly options: { maxConcurrent: number; maxQueued: number },
  ) {}

  /** Resolves with the slot's release (call it exactly once) when the upload may proceed. */
  async acquire(): Promise<() => void> {
    if (this.active < this.options.maxConcurrent) {
      this.active++;
      return this.releaser();
    }
    if (this.waiting.length >= this.options.maxQueued) {
      throw new IngestionBusyError(
        `${this.active} report uploads are being ingested and ${this.waiting.length} are waiting (security.reports.maxConcurrentIngestions, maxQueuedIngestions); retry after ${INGESTION_RETRY_AFTER_SECONDS} seconds`,
      );
    }
    // The slot is handed over by the release that frees it, so `active` stays as it is.
    await new Promise<void>(resolve => this.waiting.push(resolve));
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      const next = this.waiting.shift();
      if (next) {
        next();
      } else {
        this.active--;
      }
    };
  }
}
