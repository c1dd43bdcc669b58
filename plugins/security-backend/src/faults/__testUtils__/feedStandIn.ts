import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BaseFault } from '@posture/dev-stand-ins';

/** A fault of one feed file, as the Vault and Rekor stand-ins take them. */
export type FeedFault = Pick<BaseFault, 'status' | 'headers' | 'rawBody'> & {
  /** Sends the headers and a few bytes of the file, then nothing more until closed. */
  stall?: boolean;
};

/** One request as the feed stand-in saw it. */
export interface FeedRequest {
  path: string;
  /** Milliseconds since the epoch, when it arrived. */
  at: number;
  /** What was answered; 0 for a stalled answer. */
  status: number;
  authorization?: string;
}

/**
 * The KEV and EPSS download servers: serves files by path, each with an optional fault, and
 * can go away and come back on the same port (connection refused in between), so a backend
 * configured with its URL sees the outage and the recovery.
 */
export class FeedStandIn {
  readonly requests: FeedRequest[] = [];
  private readonly faults = new Map<string, FeedFault>();
  private server?: http.Server;
  private port = 0;

  constructor(private readonly files: Map<string, Buffer>) {}

  get url(): string {
    if (!this.port) throw new Error('the feed stand-in was never started');
    return `http://127.0.0.1:${this.port}`;
  }

  setFault(path: string, fault: FeedFault): void {
    this.faults.set(path, fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  requestsFor(path: string): FeedRequest[] {
    return this.requests.filter(r => r.path === path);
  }

  /**
   * Listens on 127.0.0.1: a random port the first time, the same one after a stop; nothing
   * happens while it is listening already.
   */
  async start(): Promise<void> {
    if (this.server) return;
    const server = http.createServer((req, res) => this.answer(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** Stops listening and drops every connection, stalled answers included. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>(resolve => server.close(() => resolve()));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = (req.url ?? '').split('?')[0];
    const request: FeedRequest = {
      path,
      at: Date.now(),
      status: 0,
      authorization: req.headers.authorization,
    };
    this.requests.push(request);
    const file = this.files.get(path);
    const fault = this.faults.get(path);
    if (!file) {
      request.status = 404;
      res.writeHead(404).end();
      return;
    }
    if (fault?.stall) {
      res.writeHead(200, { 'content-length': String(file.length) });
      res.write(file.subarray(0, Math.min(16, file.length - 1)));
      return;
    }
    if (fault && (fault.status !== undefined || fault.rawBody !== undefined)) {
      request.status = fault.status ?? 200;
      res.writeHead(request.status, fault.headers);
      res.end(fault.rawBody ?? '');
      return;
    }
    request.status = 200;
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(file);
  }
}
