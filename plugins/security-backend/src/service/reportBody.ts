import { CustomErrorBase } from '@backstage/errors';
import express from 'express';

/** 413, which `@backstage/errors` has no class for; the error handler reads `statusCode`. */
export class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError' as const;
  statusCode = 413;
}

/**
 * Reads the raw request body up to `limit`, whatever its content type, so the original
 * document is kept byte for byte (for idempotency and download). Gzip and deflate bodies are
 * inflated.
 */
export function createReportBodyReader(limit: string | number) {
  const raw = express.raw({ type: () => true, limit });
  return (req: express.Request, res: express.Response): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      raw(req, res, (error?: unknown) => {
        if (
          (error as { type?: string } | undefined)?.type === 'entity.too.large'
        ) {
          reject(
            new PayloadTooLargeError(
              `The report is larger than the ${limit} limit (security.reports.maxBodySize)`,
            ),
          );
        } else if (error) {
          reject(error);
        } else {
          resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
        }
      });
    });
}
