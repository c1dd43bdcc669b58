import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a replica made to a dependency, as the tap in front of it saw it. */
export interface TapEntry {
  /** The replica's name, e.g. "replica-1". */
  replica: string;
  /** The dependency's name, e.g. "vault". */
  dependency: string;
  method: string;
  path: string;
  startedAt: number;
  /** Unset while the answer is still streaming (or never came: the replica died). */
  endedAt?: number;
  status?: number;
}

export interface Tap {
  url: string;
  close(): Promise<void>;
}

/**
 * A forwarding HTTP server between one replica and one dependency. The stand-ins cannot tell
 * two replicas apart (both send the same token), so each replica gets its own tap, and the
 * shared log says which replica asked what, and when: how the tests count a scheduled job's
 * runs across replicas and see which replica is in the middle of one.
 */
export async function startTap(options: {
  replica: string;
  dependency: string;
  target: string;
  log: TapEntry[];
}): Promise<Tap> {
  const target = new URL(options.target);
  const server = http.createServer((req, res) => {
    const entry: TapEntry = {
      replica: options.replica,
      dependency: options.dependency,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      startedAt: Date.now(),
    };
    options.log.push(entry);
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      answer => {
        entry.status = answer.statusCode;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', () => {
          entry.endedAt = Date.now();
        });
      },
    );
    upstream.on('error', error => {
      entry.endedAt = Date.now();
      entry.status = 502;
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
      }
      res.end(`tap: ${options.dependency} unreachable: ${error.message}`);
    });
    // The replica died mid-request: drop the upstream request too, as a real network would.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
