import type { VaultRequest } from './vaultRoutes';

/**
 * What went wrong, in terms the caller acts on: `unavailable` kinds mean Vault itself could
 * not answer (the source then throws and the backend keeps the last data), the others are
 * about one path (the source reports that path in `error` state).
 * @public
 */
export type VaultErrorKind =
  | 'permission-denied'
  | 'not-found'
  | 'rate-limited'
  | 'inconsistent'
  | 'bad-request'
  | 'invalid-response'
  | 'sealed'
  | 'server'
  | 'timeout'
  | 'network'
  | 'auth';

const UNAVAILABLE: ReadonlySet<VaultErrorKind> = new Set([
  'sealed',
  'server',
  'timeout',
  'network',
]);

/**
 * A failed Vault call. Messages name the path and the reason, never a token or a value.
 * @public
 */
export class VaultError extends Error {
  name = 'VaultError';

  constructor(
    readonly kind: VaultErrorKind,
    message: string,
    /** The HTTP status Vault answered with, when it answered. */
    readonly status?: number,
    /** How long Vault asked us to wait (`Retry-After`), in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  /** Vault itself could not answer: network, timeout, sealed or a 5xx. */
  get unavailable(): boolean {
    return UNAVAILABLE.has(this.kind);
  }
}

/**
 * Vault's `{"errors": [...]}` messages, flattened: go-multierror wraps them as
 * "1 error occurred:\n\t* permission denied\n\n", which reads badly on a web page.
 */
export function vaultErrorMessages(body: unknown): string[] {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors
    .filter((e): e is string => typeof e === 'string')
    .flatMap(e =>
      e
        .split('\n')
        .map(line => line.replace(/^\s*\*\s*/, '').trim())
        .filter(line => line && !/^\d+ errors? occurred:?$/.test(line)),
    );
}

function withDetails(message: string, details: string[]): string {
  return details.length ? `${message}: ${details.join('; ')}` : message;
}

/** Maps a non-2xx answer to a {@link VaultError} whose message says what to fix. */
export function vaultErrorForStatus(
  status: number,
  request: VaultRequest,
  body: unknown,
  retryAfterMs?: number,
): VaultError {
  const details = vaultErrorMessages(body);
  const where = request.displayPath;
  switch (status) {
    case 403:
      if (request.path.endsWith('/login')) {
        return new VaultError(
          'auth',
          withDetails(
            `Vault refused the Posture login at ${where} (403)`,
            details,
          ),
          status,
        );
      }
      if (request.path.startsWith('auth/token/')) {
        return new VaultError(
          'auth',
          `Vault refused the Posture token at ${where} (403): it is invalid, expired or revoked, or its policy lacks the "default" policy`,
          status,
        );
      }
      return new VaultError(
        'permission-denied',
        `permission denied: the ${
          request.identity ?? 'Posture'
        } token's policy does not allow ${request.action}`,
        status,
      );
    case 404:
      return new VaultError(
        'not-found',
        `not found in Vault: ${where}`,
        status,
      );
    case 412:
      return new VaultError(
        'inconsistent',
        `Vault is not yet consistent (412) for ${where}`,
        status,
        retryAfterMs,
      );
    case 429:
      return new VaultError(
        'rate-limited',
        `Vault rate limited ${request.action} (429)`,
        status,
        retryAfterMs,
      );
    case 503:
      return new VaultError(
        'sealed',
        `Vault is sealed or unavailable (503) while ${request.action}`,
        status,
        retryAfterMs,
      );
    default:
      if (status >= 300 && status < 400) {
        // Redirects are not followed: they would carry the token to another address.
        return new VaultError(
          'bad-request',
          `Vault redirected ${request.action} (${status}); point security.vault.baseUrl at the active node or its load balancer`,
          status,
        );
      }
      if (status >= 500) {
        return new VaultError(
          'server',
          withDetails(
            `Vault failed (${status}) while ${request.action}`,
            details,
          ),
          status,
          retryAfterMs,
        );
      }
      return new VaultError(
        request.path.endsWith('/login') || status === 401
          ? 'auth'
          : 'bad-request',
        withDetails(`Vault rejected ${request.action} (${status})`, details),
        status,
      );
  }
}
