import type { Express } from 'express';
import http from 'http';
import net, { AddressInfo } from 'net';
import { Delays } from '../vault/delays';
import type { RunningServer } from '../vault/server';

/** Serves the app on host:port; close() drops open connections and cuts injected delays short. */
export function startRekorServer(
  app: Express,
  delays: Delays,
  port = 0,
  host = '127.0.0.1',
): Promise<RunningServer> {
  const server = http.createServer(app);
  const sockets = new Set<net.Socket>();
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // Resets from clients that time out are expected; they must not crash the process.
    socket.on('error', () => socket.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const actualPort = (server.address() as AddressInfo).port;
      const urlHost = host.includes(':') ? `[${host}]` : host;
      let closing: Promise<void> | undefined;
      resolve({
        url: `http://${urlHost}:${actualPort}`,
        port: actualPort,
        close() {
          closing ??= new Promise<void>(done => {
            delays.cancelAll();
            server.close(() => done());
            for (const socket of sockets) socket.destroy();
            server.closeAllConnections();
          });
          return closing;
        },
      });
    });
  });
}
