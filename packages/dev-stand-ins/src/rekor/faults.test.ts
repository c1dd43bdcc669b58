import {
  DSSE_UUID,
  RekorHarness,
  startRekorHarness,
} from './__testUtils__/harness';

describe('Rekor fault injection', () => {
  let h: RekorHarness;

  beforeEach(async () => {
    h = await startRekorHarness();
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

  it('delays an answer long enough for a client to time out', async () => {
    h.rekor.faults.set('log/entries', { delayMs: 5_000 });
    const started = Date.now();
    await expect(
      h.call('GET', `/api/v1/log/entries/${DSSE_UUID}`, {
        signal: AbortSignal.timeout(150),
      }),
    ).rejects.toThrow(/aborted|timeout/i);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('answers normally after a short delay, or with the status after it', async () => {
    h.rekor.faults.set('log/entries', { delayMs: 100 });
    const started = Date.now();
    const ok = await h.call('GET', `/api/v1/log/entries/${DSSE_UUID}`);
    expect(ok.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    h.rekor.faults.set('log/entries', { delayMs: 50, status: 503 });
    expect(
      (await h.call('GET', `/api/v1/log/entries/${DSSE_UUID}`)).status,
    ).toBe(503);
  });

  it('closes promptly while a delayed request is pending', async () => {
    h.rekor.faults.set('log', { delayMs: 60_000 });
    const pending = h.call('GET', '/api/v1/log').catch(error => error);
    await new Promise(resolve => setTimeout(resolve, 50));
    const started = Date.now();
    await h.server.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((await pending)?.name).toMatch(/Error$/);
  });
});
