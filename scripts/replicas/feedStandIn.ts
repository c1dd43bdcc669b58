import http from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface FeedStandIn {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the repository's copies of the CISA KEV catalog and the demo EPSS file over HTTP, as
 * CISA and FIRST serve theirs, so the replicas load them through `security.kev.url` and
 * `security.epss.url` (and every load crosses a tap).
 */
export async function startFeedStandIn(root: string): Promise<FeedStandIn> {
  const files: Record<string, { file: string; type: string }> = {
    '/known_exploited_vulnerabilities.json': {
      file: path.join(
        root,
        'fixtures/kev/known_exploited_vulnerabilities.json',
      ),
      type: 'application/json',
    },
    '/epss_scores-current.csv.gz': {
      file: path.join(root, 'examples/feeds/epss_scores-demo.csv.gz'),
      type: 'application/gzip',
    },
  };
  const server = http.createServer((req, res) => {
    const entry = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (!entry) {
      res.writeHead(404).end('not found');
      return;
    }
    readFile(entry.file).then(
      body => res.writeHead(200, { 'content-type': entry.type }).end(body),
      error => res.writeHead(500).end(String(error)),
    );
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
