/**
 * Node's socket errors that mean the database server could not be reached or dropped the
 * connection.
 */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL's SQLSTATEs for a server that is going away, starting or full: admin_shutdown
 * (a fast shutdown or restart), crash_shutdown, cannot_connect_now, too_many_connections.
 * Class 08 (connection exceptions) counts too.
 */
const SERVER_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * What node-postgres says when the server closes a connection it was using; knex puts the
 * statement first ("ROLLBACK - Connection terminated unexpectedly").
 */
const DROPPED =
  /Connection (terminated|ended) unexpectedly|Client has encountered a connection error and is not queryable/;

/**
 * Whether a database call failed because the database could not be reached or went away
 * (restart, failover, outage), rather than because of the query: such a failure is worth
 * retrying shortly, and says nothing about the request. Only the error itself is looked at,
 * not its causes: an HTTP client's refused connection (the catalog's) wraps the same codes.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, name, message } = error as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
  };
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code) || SERVER_STATES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  // Every pooled connection is busy or could not be made in time.
  if (name === 'KnexTimeoutError') return true;
  return typeof message === 'string' && DROPPED.test(message);
}

/** The code worth naming in a message, e.g. ECONNREFUSED or 57P01. */
export function unavailableCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
