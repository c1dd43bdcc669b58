import { ErrorReply } from './replies';

/*
 * Error bodies as Vault's HTTP layer writes them (sdk/logical/response_util.go RespondError):
 * `{"errors": [message]}`, or `{"errors": []}` when there is no error value (a read of a
 * missing path). Errors raised inside core request handling reach the client wrapped by
 * hashicorp/go-multierror, hence the "1 error occurred" text on some of them.
 */

export function vaultError(status: number, errors: string[] = []): ErrorReply {
  return { kind: 'error', status, errors };
}

/** go-multierror's Error() text. */
export function multierror(...messages: string[]): string {
  if (messages.length === 1) return `1 error occurred:\n\t* ${messages[0]}\n\n`;
  const points = messages.map(m => `* ${m}`).join('\n\t');
  return `${messages.length} errors occurred:\n\t${points}\n\n`;
}

/** A read of a missing path, or a list with no keys. */
export const notFound = () => vaultError(404);

/** Missing, unknown or expired token (see error-403-invalid-token.DERIVED.json). */
export const permissionDenied = () => vaultError(403, ['permission denied']);

/** A valid token whose policies do not grant the path (error-403-policy-denied.DERIVED.json). */
export const policyDenied = () =>
  vaultError(403, [multierror('permission denied')]);

export const sealedError = () => vaultError(503, ['Vault is sealed']);

/** A backend's logical.ErrorResponse: 400 with the plain message. */
export const badRequest = (message: string) => vaultError(400, [message]);

/** A path no mount claims: the router's ErrorResponse, unwrapped by RespondErrorCommon. */
export const noHandler = (path: string) =>
  vaultError(404, [`no handler for route "${path}". route entry not found.`]);

/** A path inside a mount that its backend has no pattern for. */
export const unsupportedPath = () =>
  vaultError(404, [multierror('unsupported path')]);

/** A path the backend knows, with an operation it does not implement. */
export const unsupportedOperation = () =>
  vaultError(405, [multierror('unsupported operation')]);

/** An HTTP method Vault's handler does not map to any operation. */
export const methodNotAllowed = () => vaultError(405);

export const internalError = (message = 'internal error') =>
  vaultError(500, [multierror(message)]);

/** What Vault sends for a status, used when an injected fault names no errors. */
export function defaultErrorsFor(status: number, path: string): string[] {
  switch (status) {
    case 400:
      return ['invalid request'];
    case 403:
      return ['permission denied'];
    case 404:
      return [];
    case 405:
      return [];
    case 412:
      return ['required index state not present'];
    case 429:
      return [`request path "${path}": rate limit quota exceeded`];
    case 500:
      return [multierror('internal error')];
    case 502:
      return [multierror('upstream rate limited')];
    case 503:
      return ['Vault is sealed'];
    default:
      return [];
  }
}
