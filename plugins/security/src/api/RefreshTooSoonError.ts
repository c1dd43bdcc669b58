/**
 * "Check now" was asked for moments after the last check of the entity: the backend answered
 * 429 and re-checked nothing. `retryAfterSeconds` says when it will check again.
 * @public
 */
export class RefreshTooSoonError extends Error {
  readonly name = 'RefreshTooSoonError';

  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}
