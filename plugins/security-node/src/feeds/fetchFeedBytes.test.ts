import { gzipSync } from 'node:zlib';
import { mockServices } from '@backstage/backend-test-utils';
import { startFeedServer, type FeedReply, type FeedServer } from '../testing';
import {
  FeedHttpError,
  fetchFeedBytes,
  type FetchFeedOptions,
} from './fetchFeedBytes';

const body = gzipSync('cve,epss,percentile\n'.repeat(100));

const fetchFrom = (
  server: FeedServer,
  options: Partial<FetchFeedOptions> = {},
) =>
  fetchFeedBytes(`${server.url}/feeds/feed.json`, {
    what: 'Test feed',
    timeoutMs: 5_000,
    retries: 2,
    // Short waits keep the retry tests quick; the waits themselves are withRetries' own.
    backoff: { baseMs: 10, maxMs: 20 },
    ...options,
  });

describe('fetchFeedBytes', () => {
  let server: FeedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('returns the bytes as sent, asking with the given Accept header', async () => {
    server = await startFeedServer(() => ({
      status: 200,
      body,
      headers: { 'content-type': 'application/gzip' },
    }));
    const bytes = await fetchFrom(server, { accept: 'application/gzip' });
    expect(bytes.equals(body)).toBe(true);
    expect(server.requests).toEqual([
      { path: '/feeds/feed.json', accept: 'application/gzip' },
    ]);
  });

  it('accepts anything when no Accept header is given', async () => {
    server = await startFeedServer(() => ({ status: 200, body: 'ok' }));
    await expect(fetchFrom(server)).resolves.toEqual(Buffer.from('ok'));
    expect(server.requests[0].accept).toBe('*/*');
  });

  it('retries a 503 and a 429 and then succeeds', async () => {
    const replies: FeedReply[] = [
      { status: 503 },
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 200, body },
    ];
    server = await startFeedServer(n => replies[n]);
    const bytes = await fetchFrom(server);
    expect(bytes.equals(body)).toBe(true);
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after the retries on a 500 that does not end, naming the feed, the URL and the status', async () => {
    server = await startFeedServer(() => ({ status: 500, body: 'oops' }));
    const error = await fetchFrom(server).catch(e => e);
    expect(error).toBeInstanceOf(FeedHttpError);
    expect(error.status).toBe(500);
    expect(error.message).toBe(
      `Test feed at ${server.url}/feeds/feed.json answered 500 Internal Server Error (after 3 attempts)`,
    );
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 404', async () => {
    server = await startFeedServer(() => ({ status: 404 }));
    await expect(fetchFrom(server)).rejects.toThrow(
      /^Test feed at .*\/feeds\/feed\.json answered 404 Not Found$/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('gives up on a server that stalls mid-body beyond the timeout', async () => {
    server = await startFeedServer(() => ({ stallAfterHeaders: body }));
    await expect(
      fetchFrom(server, { timeoutMs: 200, retries: 1 }),
    ).rejects.toThrow(
      /^Test feed at .* did not answer within 200 ms \(after 2 attempts\)$/,
    );
    expect(server.requests).toHaveLength(2);
  });

  it('stops when the caller aborts, without retrying', async () => {
    const controller = new AbortController();
    server = await startFeedServer(() => {
      // Aborted while the server holds the request, as when the backend stops mid-download.
      controller.abort(new Error('backend stopping'));
      return { stallAfterHeaders: body };
    });
    await expect(
      fetchFrom(server, { signal: controller.signal }),
    ).rejects.toThrow('backend stopping');
    expect(server.requests).toHaveLength(1);
  });

  describe('from a URL with credentials', () => {
    // The URL form of user `mirror bot`, password `p@ss:w0rd`.
    const withCredentials = (feedServer: FeedServer) =>
      feedServer.url.replace('://', '://mirror%20bot:p%40ss%3Aw0rd@');
    const basic = `Basic ${Buffer.from('mirror bot:p@ss:w0rd').toString(
      'base64',
    )}`;

    it('sends them as Basic authorization, decoded, and returns the bytes', async () => {
      server = await startFeedServer(() => ({ status: 200, body }));
      const bytes = await fetchFeedBytes(
        `${withCredentials(server)}/feeds/feed.json`,
        { what: 'Test feed', timeoutMs: 5_000, retries: 0 },
      );
      expect(bytes.equals(body)).toBe(true);
      expect(server.requests).toEqual([
        { path: '/feeds/feed.json', accept: '*/*', authorization: basic },
      ]);
    });

    it('keeps the password out of the error and the log lines when the server fails', async () => {
      server = await startFeedServer(() => ({ status: 500 }));
      const logger = mockServices.logger.mock();
      const error = await fetchFeedBytes(
        `${withCredentials(server)}/feeds/feed.json`,
        {
          what: 'Test feed',
          timeoutMs: 5_000,
          retries: 1,
          backoff: { baseMs: 10, maxMs: 20 },
          logger,
        },
      ).catch(e => e);
      expect(error).toBeInstanceOf(FeedHttpError);
      expect(error.message).toBe(
        `Test feed at ${server.url}/feeds/feed.json answered 500 Internal Server Error (after 2 attempts)`,
      );
      expect(server.requests.map(r => r.authorization)).toEqual([basic, basic]);
      const logged = JSON.stringify(logger.debug.mock.calls);
      expect(logged).toContain(`Test feed at ${server.url}/feeds/feed.json`);
      expect(logged).not.toMatch(/p@ss|p%40ss|mirror/);
    });

    it('keeps the password out of a connection failure', async () => {
      server = await startFeedServer(() => ({ status: 200 }));
      const url = withCredentials(server);
      await server.close();
      server = undefined;
      const error = await fetchFeedBytes(`${url}/feed.json`, {
        what: 'Test feed',
        timeoutMs: 1_000,
        retries: 0,
      }).catch(e => e);
      expect(error.message).toMatch(
        /^Test feed at http:\/\/127\.0\.0\.1:\d+\/feed\.json could not be read: fetch failed \(ECONNREFUSED\)$/,
      );
    });
  });

  it('reports a refused connection after the retries', async () => {
    server = await startFeedServer(() => ({ status: 200 }));
    const { url } = server;
    await server.close();
    server = undefined;
    await expect(
      fetchFeedBytes(`${url}/feed.json`, {
        what: 'Test feed',
        timeoutMs: 1_000,
        retries: 1,
        backoff: { baseMs: 10, maxMs: 20 },
      }),
    ).rejects.toThrow(
      /^Test feed at http:\/\/127\.0\.0\.1:\d+\/feed\.json could not be read: fetch failed \(ECONNREFUSED\) \(after 2 attempts\)$/,
    );
  });
});
