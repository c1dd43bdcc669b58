import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { InputError } from '@backstage/errors';
import { epssCsv, makeEpssFile, tempDir } from './__testUtils__/epssFiles';
import {
  startFeedServer,
  type FeedServer,
} from '@posture/backstage-plugin-security-node/testing';
import type { FeedConfig } from '@posture/backstage-plugin-security-node';
import { EpssFeed } from './EpssFeed';

const schedule = { frequency: { hours: 24 }, timeout: { minutes: 5 } };
const context = () => ({ signal: new AbortController().signal });
const sha256 = (bytes: Buffer) =>
  createHash('sha256').update(bytes).digest('hex');

const temp = tempDir();
afterAll(() => temp.remove());
const gzPath = path.join(temp.dir, 'epss_scores-2025-03-14.csv.gz');
const gz = makeEpssFile(gzPath, [
  '--rows',
  '20000',
  '--include',
  'CVE-2021-44228=0.97',
]);

function urlFeed(
  server: FeedServer,
  overrides: Partial<FeedConfig> = {},
): EpssFeed {
  const url = `${server.url}/epss_scores-current.csv.gz`;
  return new EpssFeed(
    {
      source: { url },
      location: url,
      timeoutMs: 5_000,
      retries: 2,
      schedule,
      ...overrides,
    },
    { backoff: { baseMs: 10, maxMs: 20 } },
  );
}

describe('EpssFeed over HTTP', () => {
  let server: FeedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('downloads the gzipped file and hashes the compressed bytes', async () => {
    server = await startFeedServer(() => ({
      status: 200,
      body: gz,
      headers: { 'content-type': 'application/x-gzip' },
    }));
    const read = await urlFeed(server).read(context());
    expect(read.sha256).toBe(sha256(gz));
    expect(read.data).toMatchObject({
      modelVersion: 'v2025.03.14',
      scoreDate: '2025-03-14',
    });
    expect(read.data.cves).toHaveLength(20_000);
    expect(server.requests[0].path).toBe('/epss_scores-current.csv.gz');
  });

  it('gives up after the retries on a 500 that does not end, naming the URL and the status', async () => {
    server = await startFeedServer(() => ({ status: 500 }));
    await expect(urlFeed(server).read(context())).rejects.toThrow(
      `EPSS file at ${server.url}/epss_scores-current.csv.gz answered 500 Internal Server Error (after 3 attempts)`,
    );
    expect(server.requests).toHaveLength(3);
  });

  it('gives up on a server that stalls mid-body beyond the timeout', async () => {
    server = await startFeedServer(() => ({ stallAfterHeaders: gz }));
    await expect(
      urlFeed(server, { timeoutMs: 200, retries: 0 }).read(context()),
    ).rejects.toThrow(
      /^EPSS file at .*epss_scores-current\.csv\.gz did not answer within 200 ms$/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a malformed file whole, naming the line, without retrying it', async () => {
    const bad = gzipSync(
      epssCsv(['CVE-2021-44228,0.97,1', 'CVE-2021-44228,0.5,0.5']),
    );
    server = await startFeedServer(() => ({ status: 200, body: bad }));
    const error = await urlFeed(server)
      .read(context())
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'Invalid EPSS file: line 4: CVE-2021-44228 is listed again (first on line 3)',
    );
    expect(server.requests).toHaveLength(1);
  });
});

describe('EpssFeed from a file', () => {
  const fileFeed = (file: string) =>
    new EpssFeed({
      source: { file },
      location: file,
      timeoutMs: 1,
      retries: 0,
      schedule,
    });

  it('reads a .csv.gz file', async () => {
    const read = await fileFeed(gzPath).read(context());
    expect(read.sha256).toBe(sha256(gz));
    expect(read.data.cves).toHaveLength(20_000);
  });

  it('reads a plain .csv file, and sees the file replaced at the next run', async () => {
    const file = path.join(temp.dir, 'epss.csv');
    const feed = fileFeed(file);
    await expect(feed.read(context())).rejects.toThrow(
      `EPSS file ${file} could not be read: ENOENT`,
    );
    fs.writeFileSync(file, epssCsv(['CVE-2021-44228,0.97,1']));
    await expect(feed.read(context())).resolves.toMatchObject({
      data: { cves: ['CVE-2021-44228'], scores: [0.97], percentiles: [1] },
    });
    fs.writeFileSync(file, epssCsv(['CVE-2021-44228,0.97']));
    await expect(feed.read(context())).rejects.toThrow(
      /^Invalid EPSS file: line 3: expected 3 columns/,
    );
  });
});
