import type { Express } from 'express';
import http from 'http';
import net, { AddressInfo } from 'net';
import { Delays } from './delays';
import { ListMethodRewriter } from './listMethod';

export interface RunningServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  close(): Promise<void>;
}

function listen(server: net.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise(resolve => server.close(() => resolve()));
}

/**
 * Serves the app on host:port. Connections go through a small TCP relay that rewrites LIST
 * request lines (see listMethod.ts) to an HTTP server on 127.0.0.1 with a random port.
 */
export async function startServer(
  app: Express,
  delays: Delays,
  port = 0,
  host = '127.0.0.1',
): Promise<RunningServer> {
  const inner = http.createServer(app);
  await listen(inner, 0, '127.0.0.1');
  const innerPort = (inner.address() as AddressInfo).port;

  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // Resets from clients that time out are expected; they must not crash the process.
    socket.on('error', () => socket.destroy());
  };

  const outer = net.createServer(client => {
    const upstream = net.connect(innerPort, '127.0.0.1');
    track(client);
    track(upstream);
    client.pipe(new ListMethodRewriter()).pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  try {
    await listen(outer, port, host);
  } catch (error) {
    await closeServer(inner);
    throw error;
  }
  const actualPort = (outer.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    close() {
      closing ??= (async () => {
        delays.cancelAll();
        for (const socket of sockets) socket.destroy();
        inner.closeAllConnections();
        await Promise.all([closeServer(outer), closeServer(inner)]);
      })();
      return closing;
    },
  };
}
