import type { Express, Request, Response } from 'express';

/**
 * Records every request once it is answered, or its connection closes unanswered (a client
 * that timed out). `begin` runs when the request arrives, so it can capture what the
 * handling may change (e.g. a token revoked by the request itself), and returns what to do
 * once the answer is known.
 */
export function logEachRequest(
  app: Express,
  begin: (req: Request, path: string) => (res: Response) => void,
): void {
  app.use((req, res, next) => {
    const path = new URL(req.originalUrl, 'http://stand-in').pathname;
    const finish = begin(req, path);
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      finish(res);
    };
    res.on('finish', record);
    res.on('close', record);
    next();
  });
}
