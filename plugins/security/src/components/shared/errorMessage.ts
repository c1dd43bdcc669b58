import { ResponseError } from '@backstage/errors';

/**
 * The backend's own message (e.g. which permission is missing) rather than a
 * `ResponseError`'s generic "Request failed with 403".
 */
export function errorMessage(error: Error): string {
  return ResponseError.is(error) ? error.cause.message : error.message;
}
