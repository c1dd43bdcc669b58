import { manualDelayTimer } from '../shared/manualDelayTimer';
import { Harness, startHarness } from './__testUtils__/harness';

describe('fault injection', () => {
  let h: Harness;
  let delays: ReturnType<typeof manualDelayTimer>;

  beforeEach(async () => {
    delays = manualDelayTimer();
    h = await startHarness({ delayTimer: delays.timer });
    h.vault.state.kv.mount('secret').write('app/db', { password: 'x' });
  });

  afterEach(() => h.server.close());

  it.each([
    [403, ['permission denied']],
    [412, ['required index state not present']],
    [429, ['request path "secret/metadata/app/db": rate limit quota exceeded']],
    [500, ['1 error occurred:\n\t* internal error\n\n']],
    [503, ['Vault is sealed']],
  ])("answers %i with Vault's body for it", async (status, errors) => {
    h.vault.faults.set('secret/metadata/', { status });
    const res = await h.call('GET', '/v1/secret/metadata/app/db');
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ errors });
  });

  it('sends the headers a fault names, such as Retry-After with a 429', async () => {
    h.vault.faults.set('secret/metadata/', {
      status: 429,
      headers: { 'Retry-After': '7' },
    });
    const res = await h.call('GET', '/v1/secret/metadata/app/db');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.body.errors).toHaveLength(1);
  });

  it('answers a malformed body exactly as given, with 200 unless a status is named', async () => {
    h.vault.faults.set('secret/metadata/', { rawBody: '{"data": {"vers' });
    const truncated = await h.call('GET', '/v1/secret/metadata/app/db');
    expect(truncated).toMatchObject({ status: 200, text: '{"data": {"vers' });
    expect(truncated.headers.get('content-type')).toBe('application/json');

    h.vault.faults.set('secret/metadata/', {
      status: 502,
      rawBody: '<html>Bad Gateway</html>',
      headers: { 'Content-Type': 'text/html' },
    });
    const page = await h.call('GET', '/v1/secret/metadata/app/db');
    expect(page).toMatchObject({
      status: 502,
      text: '<html>Bad Gateway</html>',
    });
    expect(page.headers.get('content-type')).toBe('text/html');
    const logged = h.vault.requestLog.entries().slice(-2);
    expect(logged.map(e => [e.status, e.faulted])).toEqual([
      [200, true],
      [502, true],
    ]);
  });

  it('uses custom errors, matches the longest prefix and only the given methods', async () => {
    h.vault.faults.set('/v1/secret/', { status: 500 });
    h.vault.faults.set('secret/metadata/app', {
      status: 429,
      errors: ['slow down'],
      methods: ['LIST'],
    });
    const list = await h.call('LIST', '/v1/secret/metadata/app/');
    expect(list).toMatchObject({
      status: 429,
      body: { errors: ['slow down'] },
    });
    const read = await h.call('GET', '/v1/secret/metadata/app/db');
    expect(read.status).toBe(500);
    h.vault.faults.clear();
    expect((await h.call('GET', '/v1/secret/metadata/app/db')).status).toBe(
      200,
    );
  });

  it('removes a counted fault after its uses, for retry tests', async () => {
    h.vault.faults.set('secret/', { status: 503, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await h.call('GET', '/v1/secret/metadata/app/db')).status);
    }
    expect(statuses).toEqual([503, 503, 200]);
    expect(h.vault.faults.list()).toEqual([]);
  });

  it('can fail sys/health too', async () => {
    h.vault.faults.set('sys/health', { status: 500 });
    expect(
      (await h.call('GET', '/v1/sys/health', { token: null })).status,
    ).toBe(500);
  });

  /** Lets real I/O run until `done()` holds; the jest timeout catches a wait that never ends. */
  async function until(done: () => boolean) {
    while (!done()) await new Promise(resolve => setImmediate(resolve));
  }

  it('delays an answer long enough for a client to time out', async () => {
    h.vault.faults.set('secret/metadata', { delayMs: 5_000 });
    const controller = new AbortController();
    const call = h.call('GET', '/v1/secret/metadata/app/db', {
      signal: controller.signal,
    });
    await until(() => delays.waiting().length === 1);
    expect(delays.waiting()).toEqual([5_000]);
    // Other paths are unaffected, even while the delay holds the first answer back.
    expect((await h.call('GET', '/v1/auth/token/lookup-self')).status).toBe(
      200,
    );
    controller.abort();
    await expect(call).rejects.toThrow(/aborted|timeout/i);
  });

  it('answers normally after a short delay, or with the status after it', async () => {
    h.vault.faults.set('secret/metadata', { delayMs: 100 });
    let answered = false;
    const ok = h.call('GET', '/v1/secret/metadata/app/db').finally(() => {
      answered = true;
    });
    await until(() => delays.waiting().length === 1);
    expect(delays.waiting()).toEqual([100]);
    expect(answered).toBe(false);
    delays.elapse();
    expect((await ok).status).toBe(200);

    h.vault.faults.set('secret/metadata', { delayMs: 50, status: 503 });
    const failed = h.call('GET', '/v1/secret/metadata/app/db');
    await until(() => delays.waiting().length === 1);
    expect(delays.waiting()).toEqual([50]);
    delays.elapse();
    expect((await failed).status).toBe(503);
  });

  it('closes promptly while a delayed request is pending', async () => {
    h.vault.faults.set('secret/', { delayMs: 60_000 });
    const pending = h
      .call('GET', '/v1/secret/metadata/app/db')
      .catch(error => error);
    await until(() => delays.waiting().length === 1);
    // Resolves although the delay never elapses: closing cuts it short.
    await h.server.close();
    expect(delays.waiting()).toEqual([]);
    // fetch rejects (a TypeError from undici) because the connection was dropped.
    expect((await pending)?.name).toMatch(/Error$/);
  });
});
