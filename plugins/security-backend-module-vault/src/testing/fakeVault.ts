import http from 'http';
import type { AddressInfo } from 'net';

/** A request as the fake saw it. */
export interface FakeVaultRequest {
  method: string;
  /** Path after `/v1/`, still URL-encoded. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export interface FakeVaultAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer (for timeouts). */
  hang?: boolean;
  /** Drop the connection without an answer. */
  destroy?: boolean;
  delayMs?: number;
}

export type FakeVaultHandler = (
  request: FakeVaultRequest,
) => FakeVaultAnswer | Promise<FakeVaultAnswer>;

/**
 * A few lines of HTTP server speaking just enough Vault for one test, on 127.0.0.1 and a free
 * port. Every request is logged, so tests assert exactly what was called.
 */
export async function startFakeVault(handler: FakeVaultHandler) {
  const log: FakeVaultRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const url = new URL(req.url ?? '/', 'http://fake');
      const text = Buffer.concat(chunks).toString('utf8');
      const request: FakeVaultRequest = {
        method: req.method ?? 'GET',
        path: url.pathname.replace(/^\/v1\//, ''),
        query: url.searchParams,
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      log.push(request);
      try {
        const answer = await handler(request);
        if (answer.delayMs) {
          await new Promise(r => setTimeout(r, answer.delayMs));
        }
        if (answer.hang) return;
        if (answer.destroy) {
          req.socket.destroy();
          return;
        }
        res.writeHead(answer.status ?? 200, {
          'content-type': 'application/json',
          ...answer.headers,
        });
        res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      } catch (error) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [String(error)] }));
      } finally {
        inFlight--;
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    log,
    get maxInFlight() {
      return maxInFlight;
    },
    /** Paths called, as `METHOD path`. */
    calls: () => log.map(r => `${r.method} ${r.path}`),
    async close() {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}

export type FakeVault = Awaited<ReturnType<typeof startFakeVault>>;

/** Vault's error body. */
export const vaultErrors = (...errors: string[]) => ({ errors });
