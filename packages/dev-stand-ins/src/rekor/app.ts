import express, { NextFunction, Request, Response } from 'express';
import { answersInstead, sendRawFault } from '../shared/faultRegistry';
import { logEachRequest } from '../shared/logEachRequest';
import { Delays } from '../vault/delays';
import { classifyRekorPath } from './classifyPath';
import { SEARCH_HASH_PATTERN, UUID_PATTERN } from './entries';
import { statusText } from './faults';
import { RekorRequestLog } from './requestLog';
import { rekorSearchRouter } from './searchPage';
import { RekorState } from './state';

/** go-openapi validation codes; it answers them with HTTP 422. */
const REQUIRED_CODE = 602;
const PATTERN_CODE = 605;
const MAX_ITEMS_CODE = 606;
const MAX_SEARCH_QUERIES = 10;

export interface RekorAppOptions {
  /**
   * Body of a 404 for an unknown entry. Rekor's handler answers 404 with no body (the
   * OpenAPI NotFound response has no schema); 'error' sends `{code:404,message}` instead.
   */
  notFoundBody: 'error' | 'empty';
}

function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status);
  res.setHeader('Content-Type', 'application/json');
  // Go's json.Encoder ends the document with a newline.
  res.end(`${JSON.stringify(body)}\n`);
}

function sendError(res: Response, status: number, message: string): void {
  sendJson(res, status, { code: status, message });
}

/** A schema violation, as go-openapi reports it: HTTP 422 with its own code. */
function sendInvalid(res: Response, code: number, message: string): void {
  sendJson(res, 422, { code, message });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function patternText(pattern: RegExp): string {
  return pattern.source;
}

/** Mirrors the error of Go's json.Unmarshal into the request model. */
function bodyTypeProblem(body: unknown, model: string): string | undefined {
  if (isObject(body)) return undefined;
  let kind: string = typeof body;
  if (Array.isArray(body)) kind = 'array';
  if (body === null) kind = 'null';
  return `parsing ${model} body from "" failed, because json: cannot unmarshal ${kind} into Go value of type models.${
    model === 'query' ? 'SearchIndex' : 'SearchLogQuery'
  }`;
}

export function createRekorApp(
  state: RekorState,
  log: RekorRequestLog,
  delays: Delays,
  options: RekorAppOptions = { notFoundBody: 'error' },
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', 'simple');

  const notFound = (res: Response) => {
    if (options.notFoundBody === 'empty') {
      res.status(404).end();
    } else {
      sendError(res, 404, statusText(404));
    }
  };

  logEachRequest(app, (req, path) => {
    const time = new Date().toISOString();
    return res =>
      log.record({
        time,
        method: req.method,
        path,
        query: { ...(req.query as Record<string, string | string[]>) },
        status: res.headersSent ? res.statusCode : 0,
        category: classifyRekorPath(req.method, path),
        faulted: res.locals.faulted === true,
      });
  });

  // Injected faults come first, before the body is even parsed.
  app.use((req, res, next) => {
    (async () => {
      const fault = state.faults.take(req.method, req.path);
      if (fault?.delayMs) {
        const elapsed = await delays.sleep(fault.delayMs);
        if (!elapsed) {
          req.socket.destroy();
          return;
        }
      }
      if (req.socket.destroyed) return;
      if (fault && answersInstead(fault)) {
        res.locals.faulted = true;
        if (fault.rawBody !== undefined) {
          sendRawFault(res, { ...fault, rawBody: fault.rawBody });
          return;
        }
        const status = fault.status!;
        for (const [name, value] of Object.entries(fault.headers ?? {})) {
          res.setHeader(name, value);
        }
        sendError(res, status, fault.message ?? statusText(status));
        return;
      }
      next();
    })().catch(next);
  });

  app.use(express.json({ type: () => true, limit: '32mb' }));

  // The page the Signature card's log link opens (security.rekor.searchUrl in the demo).
  app.use(rekorSearchRouter(state));

  const route = (
    path: string,
    handlers: Partial<
      Record<'get' | 'post', (req: Request, res: Response) => void>
    >,
  ) => {
    const allowed = Object.keys(handlers).map(m => m.toUpperCase());
    app.all(path, (req, res) => {
      const handler =
        req.method === 'HEAD'
          ? handlers.get
          : handlers[req.method.toLowerCase() as 'get' | 'post'];
      if (!handler) {
        res.setHeader('Allow', allowed.join(','));
        sendError(
          res,
          405,
          `method ${req.method} is not allowed, but [${allowed.join(',')}] are`,
        );
        return;
      }
      handler(req, res);
    });
  };

  route('/api/v1/index/retrieve', {
    post: (req, res) => {
      if (req.body === undefined) {
        sendInvalid(res, REQUIRED_CODE, 'query in body is required');
        return;
      }
      const problem = bodyTypeProblem(req.body, 'query');
      if (problem) {
        sendError(res, 400, problem);
        return;
      }
      const { hash, email, subject, publicKey } = req.body;
      if (hash !== undefined) {
        if (typeof hash !== 'string') {
          sendError(
            res,
            400,
            `parsing query body from "" failed, because json: cannot unmarshal ${typeof hash} into Go struct field SearchIndex.hash of type string`,
          );
          return;
        }
        if (!SEARCH_HASH_PATTERN.test(hash)) {
          sendInvalid(
            res,
            PATTERN_CODE,
            `query.hash in body should match '${patternText(
              SEARCH_HASH_PATTERN,
            )}'`,
          );
          return;
        }
        sendJson(res, 200, state.searchHash(hash));
        return;
      }
      if (email !== undefined || subject !== undefined || publicKey) {
        sendError(
          res,
          501,
          'stand-in: search by email, subject or publicKey is not implemented',
        );
        return;
      }
      sendJson(res, 200, []);
    },
  });

  route('/api/v1/log/entries/retrieve', {
    post: (req, res) => {
      if (req.body === undefined) {
        sendInvalid(res, REQUIRED_CODE, 'entry in body is required');
        return;
      }
      const problem = bodyTypeProblem(req.body, 'entry');
      if (problem) {
        sendError(res, 400, problem);
        return;
      }
      const { entryUUIDs, logIndexes, entries } = req.body;
      for (const [name, value] of Object.entries({
        entryUUIDs,
        logIndexes,
        entries,
      })) {
        if (value === undefined) continue;
        if (!Array.isArray(value)) {
          sendError(
            res,
            400,
            `parsing entry body from "" failed, because json: cannot unmarshal ${typeof value} into Go struct field SearchLogQuery.${name} of type []`,
          );
          return;
        }
        if (value.length > MAX_SEARCH_QUERIES) {
          sendInvalid(
            res,
            MAX_ITEMS_CODE,
            `entry.${name} in body should have at most ${MAX_SEARCH_QUERIES} items`,
          );
          return;
        }
      }
      const uuids: unknown[] = entryUUIDs ?? [];
      const indexes: unknown[] = logIndexes ?? [];
      for (const [i, uuid] of uuids.entries()) {
        if (typeof uuid !== 'string') {
          sendError(
            res,
            400,
            `parsing entry body from "" failed, because json: cannot unmarshal ${typeof uuid} into Go struct field SearchLogQuery.entryUUIDs of type string`,
          );
          return;
        }
        if (!UUID_PATTERN.test(uuid)) {
          sendInvalid(
            res,
            PATTERN_CODE,
            `entry.entryUUIDs.${i} in body should match '${patternText(
              UUID_PATTERN,
            )}'`,
          );
          return;
        }
      }
      for (const index of indexes) {
        if (typeof index !== 'number' || !Number.isInteger(index)) {
          sendError(
            res,
            400,
            `parsing entry body from "" failed, because json: cannot unmarshal ${typeof index} into Go struct field SearchLogQuery.logIndexes of type int64`,
          );
          return;
        }
      }
      if (entries !== undefined && entries.length > 0) {
        sendError(
          res,
          501,
          'stand-in: search by proposed entries is not implemented',
        );
        return;
      }
      // Rekor leaves out the UUIDs and indexes it cannot find.
      const found = [
        ...uuids.map(uuid => state.find(uuid as string)),
        ...indexes.map(index => state.findByLogIndex(index as number)),
      ].flatMap(e => (e ? [state.response(e)] : []));
      sendJson(res, 200, found);
    },
  });

  route('/api/v1/log/entries/:entryUUID', {
    get: (req, res) => {
      const uuid = req.params.entryUUID;
      if (!UUID_PATTERN.test(uuid)) {
        sendInvalid(
          res,
          PATTERN_CODE,
          `entryUUID in path should match '${patternText(UUID_PATTERN)}'`,
        );
        return;
      }
      const stored = state.find(uuid);
      if (!stored) {
        notFound(res);
        return;
      }
      sendJson(res, 200, state.response(stored));
    },
  });

  route('/api/v1/log/entries', {
    get: (req, res) => {
      const text = req.query.logIndex;
      if (text === undefined) {
        sendInvalid(res, REQUIRED_CODE, 'logIndex in query is required');
        return;
      }
      const logIndex = Number(text);
      if (typeof text !== 'string' || !/^\d+$/.test(text)) {
        sendError(
          res,
          400,
          `logIndex in query must be of type int64: "${String(text)}"`,
        );
        return;
      }
      const stored = state.findByLogIndex(logIndex);
      if (!stored) {
        notFound(res);
        return;
      }
      sendJson(res, 200, state.response(stored));
    },
    post: (_req, res) => {
      sendError(res, 501, 'stand-in: creating entries is not implemented');
    },
  });

  route('/api/v1/log', {
    get: (_req, res) => {
      const info = state.currentLogInfo();
      if (!info) {
        sendError(res, 500, 'error generating signed tree head');
        return;
      }
      sendJson(res, 200, info);
    },
  });

  route('/api/v1/log/publicKey', {
    get: (req, res) => {
      const treeID = req.query.treeID;
      if (
        treeID !== undefined &&
        (typeof treeID !== 'string' || !/^[0-9]+$/.test(treeID))
      ) {
        sendInvalid(
          res,
          PATTERN_CODE,
          `treeID in query should match '^[0-9]+$'`,
        );
        return;
      }
      res.status(200);
      res.setHeader('Content-Type', 'application/x-pem-file');
      res.end(state.publicKeyPem);
    },
  });

  route('/api/v1/log/proof', {
    get: (_req, res) => {
      sendError(res, 501, 'stand-in: consistency proofs are not implemented');
    },
  });

  // go-openapi's router answers unknown paths like this.
  app.use((req, res) => {
    sendError(
      res,
      404,
      `path ${
        new URL(req.originalUrl, 'http://stand-in').pathname
      } was not found`,
    );
  });

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; message?: string } | undefined;
    if (e?.type === 'entity.parse.failed') {
      sendError(
        res,
        400,
        `parsing body failed, because ${e.message ?? 'invalid JSON'}`,
      );
    } else if (e?.type === 'entity.too.large') {
      sendError(res, 413, 'request body too large');
    } else {
      sendError(res, 500, statusText(500));
    }
  });

  return app;
}
