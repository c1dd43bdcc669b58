import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the stand-in answers to one request.
 * @public
 */
export type FeedReply =
  | {
      status: number;
      body?: Buffer | string;
      headers?: Record<string, string>;
    }
  /** Sends the headers and the first bytes of `body`, then never the rest. */
  | { stallAfterHeaders: Buffer | string };

/** @public */
export interface FeedServer {
  url: string;
  /** Requests received so far, with their Accept and Authorization headers. */
  requests: Array<{ path: string; accept?: string; authorization?: string }>;
  close(): Promise<void>;
}

/**
 * A local HTTP server on a random port that answers the n-th request with `reply(n)`
 * (0-based), for testing a feed's download, retries and timeouts.
 * @public
 */
export async function startFeedServer(
  reply: (request: number) => FeedReply,
): Promise<FeedServer> {
  const requests: FeedServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const answer = reply(requests.length);
    requests.push({
      path: req.url ?? '',
      accept: req.headers.accept,
      authorization: req.headers.authorization,
    });
    if ('stallAfterHeaders' in answer) {
      const body = Buffer.from(answer.stallAfterHeaders);
      res.writeHead(200, { 'content-length': String(body.length) });
      res.write(body.subarray(0, Math.min(16, body.length - 1)));
      return;
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
