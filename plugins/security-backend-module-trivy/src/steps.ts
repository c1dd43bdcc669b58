import { setImmediate as nextTurn } from 'timers/promises';

/**
 * A parse written as a generator that yields between bounded chunks of work. The same code
 * runs to completion at once (`runSync`, for the synchronous `parse`) or hands the event loop
 * back between chunks (`runYielding`, for ingestion), so a BOM of 500,000 components cannot
 * keep the backend from answering health checks and reads while it is validated.
 * @internal
 */
export type Steps<T> = Generator<void, T, void>;

/**
 * Elements handled between two yields. Validating one element costs a few microseconds, so
 * a chunk stays in the low milliseconds.
 * @internal
 */
export const CHUNK_SIZE = 1000;

/** @internal */
export function runSync<T>(steps: Steps<T>): T {
  let step = steps.next();
  while (!step.done) {
    step = steps.next();
  }
  return step.value;
}

/** @internal */
export async function runYielding<T>(steps: Steps<T>): Promise<T> {
  let step = steps.next();
  while (!step.done) {
    await nextTurn();
    step = steps.next();
  }
  return step.value;
}

/**
 * Counts work and yields once per `CHUNK_SIZE` units, for loops whose single steps are cheap.
 * @internal
 */
export class ChunkCounter {
  private count = 0;

  /** True when the caller should yield now. */
  tick(units = 1): boolean {
    this.count += units;
    if (this.count >= CHUNK_SIZE) {
      this.count = 0;
      return true;
    }
    return false;
  }
}

/** `items.map(fn)` that yields between chunks. @internal */
export function* mapInChunks<A, B>(
  items: readonly A[],
  fn: (item: A) => B,
): Steps<B[]> {
  const out: B[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    out[i] = fn(items[i]);
    if ((i + 1) % CHUNK_SIZE === 0) {
      yield;
    }
  }
  return out;
}
