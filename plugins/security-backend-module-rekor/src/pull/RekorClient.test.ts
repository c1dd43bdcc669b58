import http from 'http';
import type { AddressInfo } from 'net';
import FakeTimers from '@sinonjs/fake-timers';
import { RekorClient } from './RekorClient';

type InstalledClock = ReturnType<typeof FakeTimers.install>;

const UUID = 'a'.repeat(64);

/** A log that answers each request with the next of `statuses` (200 `[UUID]` once past them). */
async function startLog(statuses: number[], headers = {}) {
  const arrivals: number[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const status = statuses[arrivals.length] ?? 200;
      arrivals.push(Date.now());
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(status === 200 ? [UUID] : { message: 'busy' }));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    arrivals,
    gaps: () => arrivals.slice(1).map((t, i) => t - arrivals[i]),
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Lets real I/O run until `done()` holds; the jest timeout catches a wait that never ends. */
async function until(done: () => boolean) {
  while (!done()) await new Promise(resolve => setImmediate(resolve));
}

describe('RekorClient', () => {
  let clock: InstalledClock;
  let log: Awaited<ReturnType<typeof startLog>> | undefined;

  beforeEach(() => {
    clock = FakeTimers.install({
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
    });
  });

  afterEach(async () => {
    clock.uninstall();
    jest.restoreAllMocks();
    await log?.close();
    log = undefined;
  });

  const config = (baseUrl: string, requestsPerSecond = 1000) => ({
    baseUrl,
    requestsPerSecond,
    timeoutMs: 2000,
    retries: 2,
  });

  /** Moves the fake clock by each retry wait the client logs, just before it waits. */
  function retryLogger() {
    const announced: number[] = [];
    return {
      announced,
      logger: {
        debug: jest.fn((message: string) => {
          const wait = /retrying in (\d+) ms/.exec(message);
          if (!wait) return;
          announced.push(Number(wait[1]));
          clock.tickAsync(Number(wait[1])).catch(() => {});
        }),
        info: jest.fn(),
        warn: jest.fn(),
        error: jest.fn(),
        child: jest.fn(),
      },
    };
  }

  it('starts requests one turn apart at requestsPerSecond, shared by every caller', async () => {
    log = await startLog([]);
    const client = new RekorClient(config(log.baseUrl, 4));
    const start = Date.now();
    const all = Promise.all([
      client.searchByHash('sha256:1'),
      client.searchByHash('sha256:2'),
      client.getEntry(UUID),
    ]);
    const { arrivals } = log;
    for (let n = 1; n < 3; n++) {
      await until(() => arrivals.length === n);
      await clock.tickAsync(250);
    }
    await all;
    expect(arrivals.map(t => t - start)).toEqual([0, 250, 500]);
  });

  it('retries 429 and 5xx with jittered backoff, waiting a longer Retry-After', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(1);
    log = await startLog([429, 503], { 'retry-after': '1' });
    const { logger, announced } = retryLogger();
    const client = new RekorClient(config(log.baseUrl), { logger });
    await expect(client.searchByHash('sha256:1')).resolves.toEqual([UUID]);
    expect(log.gaps()).toEqual([1000, 1000]);
    expect(announced).toEqual([1000, 1000]);

    await log.close();
    log = await startLog([503, 500]);
    const { logger: quiet } = retryLogger();
    const backedOff = new RekorClient(config(log.baseUrl), { logger: quiet });
    await backedOff.searchByHash('sha256:1');
    // The default backoff: 500 ms, then twice that.
    expect(log.gaps()).toEqual([500, 1000]);
  });

  it('gives up after its retries with the status and the number of attempts', async () => {
    log = await startLog([503, 503, 503]);
    const { logger } = retryLogger();
    const client = new RekorClient(config(log.baseUrl), { logger });
    const error = await client.searchByHash('sha256:1').catch(e => e);
    expect(error.name).toBe('RekorError');
    expect(error.status).toBe(503);
    expect(error.message).toBe(
      `Rekor at ${log.baseUrl}: POST /api/v1/index/retrieve answered 503: busy (after 3 attempts)`,
    );
    expect(log.arrivals).toHaveLength(3);
  });

  it('names a refused connection by its code, not only "fetch failed"', async () => {
    log = await startLog([]);
    const baseUrl = log.baseUrl;
    await log.close();
    log = undefined;
    const client = new RekorClient({ ...config(baseUrl), retries: 0 });
    await expect(client.searchByHash('sha256:1')).rejects.toThrow(
      `Rekor at ${baseUrl}: POST /api/v1/index/retrieve failed: fetch failed (ECONNREFUSED) (after 1 attempts)`,
    );
  });

  it('says how long it waited for a log that does not answer', async () => {
    const silent = http.createServer(() => {});
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    try {
      // The timeout is Node's own timer (AbortSignal.timeout), which the fake clock leaves be.
      const client = new RekorClient({
        ...config(baseUrl),
        timeoutMs: 50,
        retries: 0,
      });
      await expect(client.searchByHash('sha256:1')).rejects.toThrow(
        `Rekor at ${baseUrl}: POST /api/v1/index/retrieve did not answer within 50 ms (after 1 attempts)`,
      );
    } finally {
      silent.closeAllConnections();
      await new Promise(resolve => silent.close(resolve));
    }
  });

  it('stops waiting for its turn when the caller aborts', async () => {
    log = await startLog([]);
    const client = new RekorClient(config(log.baseUrl, 1));
    await client.searchByHash('sha256:1');
    const controller = new AbortController();
    const waiting = client.searchByHash('sha256:2', controller.signal);
    await clock.tickAsync(100);
    controller.abort(new Error('pass timed out'));
    await expect(waiting).rejects.toThrow('pass timed out');
    expect(log.arrivals).toHaveLength(1);
  });
});
