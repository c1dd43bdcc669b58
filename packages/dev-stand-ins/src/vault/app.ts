import express, { NextFunction, Request, Response } from 'express';
import { answersInstead, sendRawFault } from '../shared/faultRegistry';
import { logEachRequest } from '../shared/logEachRequest';
import { classifyPath } from './classifyPath';
import { Delays } from './delays';
import { defaultErrorsFor, internalError, multierror } from './errors';
import { CoreResult, handleCoreRequest } from './handleRequest';
import { newUuid } from './ids';
import { ORIGINAL_METHOD_HEADER } from './listMethod';
import { envelope } from './replies';
import { RequestLog } from './requestLog';
import { VaultState } from './state';
import { vaultUiRouter } from './uiPages';

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Vault reads the token from X-Vault-Token, or from "Authorization: Bearer". */
function tokenOf(req: Request): string | undefined {
  const direct = header(req, 'x-vault-token');
  if (direct) return direct;
  const authorization = header(req, 'authorization');
  return authorization?.startsWith('Bearer ')
    ? authorization.slice('Bearer '.length)
    : undefined;
}

function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status);
  // Vault sends exactly "application/json", without a charset.
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}

function send(res: Response, result: CoreResult, state: VaultState): void {
  const { reply } = result;
  switch (reply.kind) {
    case 'logical':
      sendJson(
        res,
        reply.status ?? 200,
        envelope(
          reply,
          newUuid(),
          state.includeMountType ? result.mountType : undefined,
        ),
      );
      return;
    case 'error':
      sendJson(res, reply.status, { errors: reply.errors });
      return;
    case 'raw':
      sendJson(res, reply.status, reply.body);
      return;
    default:
      res.status(204).setHeader('Cache-Control', 'no-store');
      res.end();
  }
}

function decodePath(path: string): string {
  const rel = path.replace(/^\/+/, '');
  try {
    return decodeURIComponent(rel);
  } catch {
    return rel;
  }
}

/** The Express app speaking Vault's HTTP API under /v1/. */
export function createVaultApp(
  state: VaultState,
  log: RequestLog,
  delays: Delays,
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  // Vault's query parsing is flat (Go's url.Values); qs's nested objects would be wrong.
  app.set('query parser', 'simple');

  app.use((req, _res, next) => {
    if (header(req, ORIGINAL_METHOD_HEADER) === 'LIST') {
      req.method = 'LIST';
      delete req.headers[ORIGINAL_METHOD_HEADER];
    }
    next();
  });

  logEachRequest(app, (req, path) => {
    const accessor = state.tokens.accessorOf(tokenOf(req));
    const time = state.now().toISOString();
    return res =>
      log.record({
        time,
        method: req.method,
        path,
        query: { ...(req.query as Record<string, string | string[]>) },
        namespace: header(req, 'x-vault-namespace') ?? null,
        accessor,
        status: res.headersSent ? res.statusCode : 0,
        category: classifyPath(req.method, req.originalUrl, {
          kv: state.kv.names(),
          database: state.database.names(),
        }),
        faulted: res.locals.faulted === true,
      });
  });

  // The read-only pages the Security tab's secret links open.
  app.use(vaultUiRouter(state));

  // Vault parses any write body as JSON, whatever its Content-Type.
  app.use(express.json({ type: () => true, limit: '32mb' }));

  app.use('/v1', (req, res, next) => {
    (async () => {
      const path = decodePath(req.path);
      const fault = state.faults.take(req.method, path);
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
        sendJson(res, status, {
          errors: fault.errors ?? defaultErrorsFor(status, path),
        });
        return;
      }
      // Vault decodes write bodies into a JSON object; an array fails the same way bad JSON does.
      if (Array.isArray(req.body)) {
        sendJson(res, 400, { errors: ['error parsing JSON'] });
        return;
      }
      const result = handleCoreRequest(state, {
        method: req.method,
        path,
        query: req.query as Record<string, string | string[]>,
        body: req.body,
        token: tokenOf(req),
        namespace: header(req, 'x-vault-namespace'),
        contentType: header(req, 'content-type'),
      });
      send(res, result, state);
    })().catch(next);
  });

  // Outside /v1/ Vault's mux answers with Go's plain-text 404.
  app.use((_req, res) => {
    res.status(404).setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end('404 page not found\n');
  });

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const type = (err as { type?: string } | undefined)?.type;
    if (type === 'entity.parse.failed') {
      sendJson(res, 400, { errors: ['error parsing JSON'] });
    } else if (type === 'entity.too.large') {
      sendJson(res, 413, {
        errors: [multierror('http: request body too large')],
      });
    } else {
      const reply = internalError();
      sendJson(res, reply.status, { errors: reply.errors });
    }
  });

  return app;
}
