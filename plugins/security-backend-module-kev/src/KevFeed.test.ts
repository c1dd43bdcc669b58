import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import {
  startFeedServer,
  type FeedServer,
} from '@posture/backstage-plugin-security-node/testing';
import { kevCatalogPath, readKevCatalogBytes } from './__testUtils__/fixtures';
import type { FeedConfig } from '@posture/backstage-plugin-security-node';
import { KevFeed } from './KevFeed';

const catalogBytes = readKevCatalogBytes();
const catalogSha256 = createHash('sha256').update(catalogBytes).digest('hex');
const schedule = { frequency: { hours: 24 }, timeout: { minutes: 5 } };
const context = () => ({ signal: new AbortController().signal });

function urlFeed(
  server: FeedServer,
  overrides: Partial<FeedConfig> = {},
): KevFeed {
  const url = `${server.url}/feeds/known_exploited_vulnerabilities.json`;
  return new KevFeed(
    {
      source: { url },
      location: url,
      timeoutMs: 5_000,
      retries: 2,
      schedule,
      ...overrides,
    },
    // Short waits keep the retry tests quick; the waits themselves are withRetries' own.
    { backoff: { baseMs: 10, maxMs: 20 } },
  );
}

describe('KevFeed over HTTP', () => {
  let server: FeedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('downloads and parses the catalog, with the sha256 of the bytes served', async () => {
    server = await startFeedServer(() => ({
      status: 200,
      body: catalogBytes,
      headers: { 'content-type': 'application/json' },
    }));
    const read = await urlFeed(server).read(context());
    expect(read.sha256).toBe(catalogSha256);
    expect(read.data.entries).toHaveLength(1404);
    expect(server.requests).toEqual([
      {
        path: '/feeds/known_exploited_vulnerabilities.json',
        accept: 'application/json',
      },
    ]);
  });

  it('gives up after the retries on a 500 that does not end, naming the URL and the status', async () => {
    server = await startFeedServer(() => ({ status: 500, body: 'oops' }));
    const feed = urlFeed(server);
    await expect(feed.read(context())).rejects.toThrow(
      `KEV catalog at ${server.url}/feeds/known_exploited_vulnerabilities.json answered 500 Internal Server Error (after 3 attempts)`,
    );
    expect(server.requests).toHaveLength(3);
  });

  it('gives up on a server that stalls mid-body beyond the timeout', async () => {
    server = await startFeedServer(() => ({ stallAfterHeaders: catalogBytes }));
    await expect(
      urlFeed(server, { timeoutMs: 200, retries: 1 }).read(context()),
    ).rejects.toThrow(
      /KEV catalog at .* did not answer within 200 ms \(after 2 attempts\)/,
    );
    expect(server.requests).toHaveLength(2);
  });

  it('refuses a malformed catalog whole without retrying it', async () => {
    const broken = JSON.parse(catalogBytes.toString('utf8'));
    broken.vulnerabilities[12].dateAdded = '25 August 2025';
    server = await startFeedServer(() => ({
      status: 200,
      body: JSON.stringify(broken),
    }));
    const error = await urlFeed(server)
      .read(context())
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'Invalid KEV catalog: vulnerabilities[12].dateAdded: expected YYYY-MM-DD',
    );
    expect(server.requests).toHaveLength(1);
  });

  it('stops when the task is cancelled', async () => {
    server = await startFeedServer(() => ({ stallAfterHeaders: catalogBytes }));
    const controller = new AbortController();
    const reading = urlFeed(server).read({ signal: controller.signal });
    controller.abort(new Error('backend stopping'));
    await expect(reading).rejects.toThrow('backend stopping');
  });
});

describe('KevFeed from a file', () => {
  const fileFeed = (file: string) =>
    new KevFeed({
      source: { file },
      location: file,
      timeoutMs: 1,
      retries: 0,
      schedule,
    });

  it('reads the catalog file at each run', async () => {
    const feed = fileFeed(kevCatalogPath());
    expect(feed.location).toBe(kevCatalogPath());
    const read = await feed.read(context());
    expect(read.sha256).toBe(catalogSha256);
    expect(read.data.entries).toHaveLength(1404);
  });

  it('sees a replaced file at the next run, and names a missing one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kev-file-'));
    try {
      const file = path.join(dir, 'kev.json');
      const feed = fileFeed(file);
      await expect(feed.read(context())).rejects.toThrow(
        `KEV catalog file ${file} could not be read: ENOENT`,
      );
      fs.writeFileSync(file, catalogBytes);
      await expect(feed.read(context())).resolves.toMatchObject({
        sha256: catalogSha256,
      });
      fs.writeFileSync(file, '{"catalogVersion": "x"}');
      await expect(feed.read(context())).rejects.toThrow(
        /^Invalid KEV catalog: dateReleased: required/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
