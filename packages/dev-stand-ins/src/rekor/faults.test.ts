import { manualDelayTimer } from '../shared/manualDelayTimer';
import {
  DSSE_SUBJECT,
  DSSE_UUID,
  ENTRIES_DIR,
  RekorHarness,
  startRekorHarness,
} from './__testUtils__/harness';

describe('Rekor fault injection', () => {
  let h: RekorHarness;
  let delays: ReturnType<typeof manualDelayTimer>;

  beforeEach(async () => {
    delays = manualDelayTimer();
    h = await startRekorHarness({
      entriesDir: ENTRIES_DIR,
      delayTimer: delays.timer,
    });
  });

  afterEach(() => h.server.close());

  it.each([
    [429, 'Too Many Requests'],
    [500, 'Internal Server Error'],
    [503, 'Service Unavailable'],
  ])('answers %i with {code,message}', async (status, message) => {
    h.rekor.faults.set('/api/v1/log/entries', { status });
    const res = await h.call('GET', `/api/v1/log/entries/${DSSE_UUID}`);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ code: status, message });
    // Other paths are unaffected.
    expect((await h.call('GET', '/api/v1/log')).status).toBe(200);
  });

  it('sends the headers a fault names, such as Retry-After with a 429', async () => {
    h.rekor.faults.set('/api/v1/index/retrieve', {
      status: 429,
      headers: { 'Retry-After': '3' },
    });
    const res = await h.call('POST', '/api/v1/index/retrieve', {
      body: { hash: DSSE_SUBJECT },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(res.body).toEqual({ code: 429, message: 'Too Many Requests' });
  });

  it('answers a malformed body exactly as given, with 200 unless a status is named', async () => {
    h.rekor.faults.set('/api/v1/log/entries', { rawBody: '{"108e' });
    const res = await h.call('GET', `/api/v1/log/entries/${DSSE_UUID}`);
    expect(res).toMatchObject({ status: 200, text: '{"108e' });
    expect(h.rekor.requestLog.entries().at(-1)).toMatchObject({
      status: 200,
      faulted: true,
    });
  });

  it('matches the longest prefix and only the given methods, with a custom message', async () => {
    h.rekor.faults.set('log', { status: 500 });
    h.rekor.faults.set('log/entries/retrieve', {
      status: 429,
      message: 'slow down',
      methods: ['POST'],
    });
    const retrieve = await h.call('POST', '/api/v1/log/entries/retrieve', {
      body: { entryUUIDs: [DSSE_UUID] },
    });
    expect(retrieve).toMatchObject({
      status: 429,
      body: { code: 429, message: 'slow down' },
    });
    expect((await h.call('GET', '/api/v1/log/publicKey')).status).toBe(500);
    h.rekor.faults.clear();
    expect((await h.call('GET', '/api/v1/log/publicKey')).status).toBe(200);
  });

  it('removes a counted fault after its uses, for retry tests', async () => {
    h.rekor.faults.set('index/retrieve', { status: 503, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (
          await h.call('POST', '/api/v1/index/retrieve', {
            body: { hash: `sha256:${'a'.repeat(64)}` },
          })
        ).status,
      );
    }
    expect(statuses).toEqual([503, 503, 200]);
    expect(h.rekor.faults.list()).toEqual([]);
  });

  /** Lets real I/O run until `done()` holds; the jest timeout catches a wait that never ends. */
  async function until(done: () => boolean) {
    while (!done()) await new Promise(resolve => setImmediate(resolve));
  }

  it('delays an answer long enough for a client to time out', async () => {
    h.rekor.faults.set('log/entries', { delayMs: 5_000 });
    const controller = new AbortController();
    const call = h.call('GET', `/api/v1/log/entries/${DSSE_UUID}`, {
      signal: controller.signal,
    });
    await until(() => delays.waiting().length === 1);
    expect(delays.waiting()).toEqual([5_000]);
    // Other paths are unaffected, even while the delay holds the first answer back.
    expect((await h.call('GET', '/api/v1/log')).status).toBe(200);
    controller.abort();
    await expect(call).rejects.toThrow(/aborted|timeout/i);
  });

  it('answers normally after a short delay, or with the status after it', async () => {
    h.rekor.faults.set('log/entries', { delayMs: 100 });
    let answered = false;
    const ok = h.call('GET', `/api/v1/log/entries/${DSSE_UUID}`).finally(() => {
      answered = true;
    });
    await until(() => delays.waiting().length === 1);
    expect(delays.waiting()).toEqual([100]);
    expect(answered).toBe(false);
    delays.elapse();
    expect((await ok).status).toBe(200);

    h.rekor.faults.set('log/entries', { delayMs: 50, status: 503 });
    const failed = h.call('GET', `/api/v1/log/entries/${DSSE_UUID}`);
    await until(() => delays.waiting().length === 1);
    expect(delays.waiting()).toEqual([50]);
    delays.elapse();
    expect((await failed).status).toBe(503);
  });

  it('closes promptly while a delayed request is pending', async () => {
    h.rekor.faults.set('log', { delayMs: 60_000 });
    const pending = h.call('GET', '/api/v1/log').catch(error => error);
    await until(() => delays.waiting().length === 1);
    // Resolves although the delay never elapses: closing cuts it short.
    await h.server.close();
    expect(delays.waiting()).toEqual([]);
    // fetch rejects (a TypeError from undici) because the connection was dropped.
    expect((await pending)?.name).toMatch(/Error$/);
  });
});
