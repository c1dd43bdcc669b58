import { ServiceUnavailableError } from '@backstage/errors';
import type { ErrorRequestHandler } from 'express';
import {
  isDatabaseUnavailable,
  unavailableCode,
} from '../database/databaseUnavailable';

/** Seconds a client should wait before trying again: a restart or failover takes a few. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Turns a request's failure to reach the database (a restart, a failover, an outage) into a
 * 503 with Retry-After, rather than the 500 an unknown error becomes: the request was fine
 * and will succeed when retried. Its message names no address or query.
 */
export function databaseUnavailableHandler(): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (!isDatabaseUnavailable(error)) {
      next(error);
      return;
    }
    const code = unavailableCode(error);
    if (!res.headersSent) {
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    }
    next(
      new ServiceUnavailableError(
        `Posture's database is unavailable${
          code ? ` (${code})` : ''
        }; try again in a few seconds`,
      ),
    );
  };
}
