import { hostname } from 'os';
import { randomUUID } from 'crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ClaimedWork,
  WorkQueueStore,
} from '../../database/workQueue/DatabaseWorkQueueStore';
import type { BackgroundTasks } from './BackgroundTasks';
import type { WorkKind, WorkPayload, WorkQueue } from './WorkQueue';

/** Claims of a run before it is given up (a replica dying mid-run counts as one). */
export const MAX_ATTEMPTS = 3;
/** Items one sweep claims and runs at once. */
export const SWEEP_BATCH = 8;

/**
 * {@link WorkQueue} whose items live in the database (`work_queue`), so work survives the
 * replica that queued it. The queuing replica records the item and runs it at once (as fast
 * as in-memory work); a replica that dies mid-run stops renewing its lease, and another
 * replica's {@link DurableWorkQueue.sweep} (scheduled every few seconds on every replica)
 * claims the item once the lease has run out. Runs on this replica go through
 * {@link BackgroundTasks}, so `whenIdle` awaits them and shutdown drains them.
 */
export class DurableWorkQueue implements WorkQueue {
  private readonly kinds = new Map<string, WorkKind<WorkPayload>>();
  /** The last write of each key still in flight: a run claims only after it landed. */
  private readonly recording = new Map<string, Promise<void>>();
  /** Items a sweep claimed, for the run it starts to take over. */
  private readonly handed = new Map<string, ClaimedWork>();
  private readonly worker: string;
  private readonly leaseMs: number;
  private readonly retryDelayMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly deps: {
      store: WorkQueueStore;
      tasks: BackgroundTasks;
      logger: LoggerService;
      /** How long a claim holds without renewal; renewed every third of it while running. */
      leaseMs: number;
      /** Delay before a failed item is due again, times its attempts. */
      retryDelayMs?: number;
      /** Names this replica in claims (`claimed_by`); host, pid and a random part by default. */
      worker?: string;
      now?: () => Date;
    },
  ) {
    this.worker =
      deps.worker ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = deps.leaseMs;
    this.retryDelayMs = deps.retryDelayMs ?? 30_000;
    this.now = deps.now ?? (() => new Date());
  }

  define<P extends WorkPayload>(
    kind: WorkKind<P>,
  ): (payload: P) => Promise<void> {
    if (this.kinds.has(kind.kind)) {
      throw new Error(`Background work "${kind.kind}" is defined twice`);
    }
    this.kinds.set(kind.kind, kind as unknown as WorkKind<WorkPayload>);
    return payload => this.enqueue(kind, payload);
  }

  /**
   * Claims due items of the kinds this replica defines (ones never started, failed ones whose
   * backoff ended, ones whose replica died) and runs them; resolves when they are done, with
   * how many were claimed.
   */
  async sweep(): Promise<number> {
    const claimed = await this.deps.store.claimDue({
      kinds: [...this.kinds.keys()],
      worker: this.worker,
      leaseMs: this.leaseMs,
      now: this.now(),
      limit: SWEEP_BATCH,
    });
    await Promise.all(
      claimed.map(item => {
        this.handed.set(item.key, item);
        return this.runHere(item.key);
      }),
    );
    return claimed.length;
  }

  private enqueue<P extends WorkPayload>(
    kind: WorkKind<P>,
    payload: P,
  ): Promise<void> {
    const key = `${kind.kind}:${kind.key(payload)}`;
    const previous = this.recording.get(key) ?? Promise.resolve();
    const recorded = previous.then(() =>
      this.deps.store
        .enqueue({
          key,
          kind: kind.kind,
          payload: JSON.stringify(payload),
          fresh: kind.fresh ?? false,
          now: this.now(),
        })
        .catch(error => {
          this.deps.logger.warn(
            `Background work ${key} could not be queued: ${error}`,
          );
        }),
    );
    this.recording.set(key, recorded);
    void recorded.then(() => {
      if (this.recording.get(key) === recorded) this.recording.delete(key);
    });
    return this.runHere(key);
  }

  /**
   * Runs the item on this replica, once more after a run in progress here (however often
   * asked meanwhile): whatever that run left, this one claims.
   */
  private runHere(key: string): Promise<void> {
    return this.deps.tasks.enqueueFresh(key, () => this.drain(key));
  }

  private async drain(key: string): Promise<void> {
    await this.recording.get(key);
    let item = this.handed.get(key);
    this.handed.delete(key);
    item ??= await this.deps.store.claim({
      key,
      worker: this.worker,
      leaseMs: this.leaseMs,
      now: this.now(),
    });
    while (item) {
      item = await this.runClaimed(item);
    }
  }

  /** One run of a claimed item; answers the item again when it is to run once more. */
  private async runClaimed(
    item: ClaimedWork,
  ): Promise<ClaimedWork | undefined> {
    const { store, logger } = this.deps;
    const kind = this.kinds.get(item.kind);
    const controller = new AbortController();
    const heartbeat = this.keepClaim(item, controller);
    let failure: unknown;
    try {
      if (!kind) throw new Error(`no work of kind ${item.kind} is defined`);
      await kind.run(JSON.parse(item.payload), controller.signal);
    } catch (error) {
      failure = error;
    } finally {
      clearInterval(heartbeat);
    }
    if (controller.signal.aborted) {
      // Another replica holds the item now and runs it; this run's outcome is not recorded.
      logger.info(
        `Background work ${item.key} was taken over by another replica`,
      );
      return undefined;
    }
    if (failure === undefined) {
      const finished = await store.finish({
        item,
        worker: this.worker,
        leaseMs: this.leaseMs,
        now: this.now(),
      });
      return finished.outcome === 'again' ? finished.item : undefined;
    }
    const giveUp = item.attempts >= MAX_ATTEMPTS;
    const retryAt = giveUp
      ? null
      : new Date(this.now().getTime() + this.retryDelayMs * item.attempts);
    const released = await store.release({
      item,
      error: String(failure),
      retryAt,
      now: this.now(),
    });
    if (released === 'dropped') {
      logger.error(
        `Background work ${item.key} failed ${item.attempts} times and was given up: ${failure}`,
      );
    } else {
      logger.warn(
        `Background work ${item.key} failed (attempt ${item.attempts} of ${MAX_ATTEMPTS}); it runs again later: ${failure}`,
      );
    }
    return undefined;
  }

  /** Renews the lease every third of it; aborts the run if another replica took the item. */
  private keepClaim(
    item: ClaimedWork,
    controller: AbortController,
  ): ReturnType<typeof setInterval> {
    let renewing = false;
    const heartbeat = setInterval(async () => {
      if (renewing) return;
      renewing = true;
      try {
        const held = await this.deps.store.renew({
          key: item.key,
          claimId: item.claimId,
          leaseMs: this.leaseMs,
          now: this.now(),
        });
        if (!held) controller.abort(new Error('lease lost'));
      } catch (error) {
        this.deps.logger.warn(
          `Could not renew the lease of background work ${item.key}: ${error}`,
        );
      } finally {
        renewing = false;
      }
    }, Math.max(1, Math.floor(this.leaseMs / 3)));
    heartbeat.unref?.();
    return heartbeat;
  }
}
