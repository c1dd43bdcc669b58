import { NotFoundError } from '@backstage/errors';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * How long the action keeps asking while the security backend answers 404 for the service. A
 * template usually registers the new service (`catalog:register`) a step earlier, and the
 * catalog processes a new location in the background: for a few seconds the service is not
 * there yet.
 * @public
 */
export interface CatalogWaitOptions {
  /** The longest total wait, in milliseconds. @defaultValue 60000 */
  maxWaitMs?: number;
  /** Waits `ms`, rejecting if `signal` aborts. @defaultValue node:timers/promises setTimeout */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Short first, since the catalog usually catches up within seconds. */
const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 15_000];
const DEFAULT_MAX_WAIT_MS = 60_000;

/**
 * Runs `attempt`, again after a growing pause each time it throws a NotFoundError, for at most
 * `maxWaitMs` in all; then throws the last 404 saying how long it waited. Any other error is
 * thrown at once.
 */
export async function retryWhileNotFound<T>(
  attempt: () => Promise<T>,
  options: CatalogWaitOptions & {
    signal?: AbortSignal;
    onWait: (ms: number, error: NotFoundError) => void;
  },
): Promise<T> {
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const sleep =
    options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
  let waited = 0;
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof NotFoundError)) {
        throw error;
      }
      const pause = BACKOFF_MS[Math.min(i, BACKOFF_MS.length - 1)];
      if (waited + pause > maxWaitMs) {
        throw waited > 0
          ? new NotFoundError(
              `${error.message} (still not found after waiting ${Math.round(
                waited / 1000,
              )} s for the catalog)`,
            )
          : error;
      }
      options.onWait(pause, error);
      await sleep(pause, options.signal);
      waited += pause;
    }
  }
}
