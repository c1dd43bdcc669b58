/**
 * Waits for `promise` unless `signal` aborts first, then rejects with the signal's reason.
 * The promise itself keeps running: its result is simply no longer awaited. The libraries
 * below take no per-call signal, and one caller giving up must not cancel the others' work.
 * @public
 */
export function abortable<T>(
  promise: Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) {
      onAbort();
    } else {
      signal.addEventListener('abort', onAbort, { once: true });
    }
    promise.then(
      value => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      error => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
