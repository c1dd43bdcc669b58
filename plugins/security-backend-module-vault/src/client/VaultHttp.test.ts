import FakeTimers from '@sinonjs/fake-timers';
import {
  startFakeVault,
  vaultErrors,
  type FakeVault,
} from '../testing/fakeVault';
import { VaultError } from './VaultError';
import { VaultHttp, type VaultHttpOptions } from './VaultHttp';
import type { VaultRoute } from './vaultRoutes';

type InstalledClock = ReturnType<typeof FakeTimers.install>;

const metadataRoute: VaultRoute = {
  name: 'kv-metadata',
  mount: 'secret',
  path: 'payments/db',
};

/** Lets real I/O run until `done()` holds; the jest timeout catches a wait that never ends. */
async function until(done: () => boolean) {
  while (!done()) await new Promise(resolve => setImmediate(resolve));
}

describe('VaultHttp', () => {
  let vault: FakeVault | undefined;
  let http: VaultHttp | undefined;
  let clock: InstalledClock | undefined;

  afterEach(async () => {
    clock?.uninstall();
    jest.restoreAllMocks();
    await http?.close();
    await vault?.close();
    http = undefined;
    vault = undefined;
    clock = undefined;
  });

  function client(overrides: Partial<VaultHttpOptions> = {}) {
    http = new VaultHttp({
      baseUrl: vault!.baseUrl,
      timeoutMs: 2000,
      retries: 3,
      concurrency: 4,
      requestsPerSecond: 1000,
      // Retries that are not about timing wait a millisecond, not the production backoff.
      backoff: { baseMs: 2, maxMs: 2 },
      ...overrides,
    });
    return http;
  }

  /**
   * Fake timers that move exactly as far as each retry wait the client announces (it logs
   * the wait just before waiting), and the fake time at which each request reached Vault.
   * A client that did not wait would reach Vault before the clock moved.
   */
  function fakeRetryTime(random: number) {
    clock = FakeTimers.install({
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
    });
    const fake = clock;
    jest.spyOn(Math, 'random').mockReturnValue(random);
    const arrivals: number[] = [];
    const announced: number[] = [];
    const logger = {
      debug: jest.fn((message: string) => {
        const wait = /retrying in (\d+) ms/.exec(message);
        if (!wait) return;
        announced.push(Number(wait[1]));
        fake.tickAsync(Number(wait[1])).catch(() => {});
      }),
      info: jest.fn(),
      warn: jest.fn(),
      error: jest.fn(),
      child: jest.fn(),
    };
    return {
      logger,
      arrived: () => arrivals.push(Date.now()),
      /** Fake time between consecutive requests. */
      gaps: () => arrivals.slice(1).map((t, i) => t - arrivals[i]),
      announced,
    };
  }

  const timed = { backoff: { baseMs: 100, maxMs: 1000 } };

  /** Answers with `statuses` in turn, then 200. */
  function failThenSucceed(
    statuses: number[],
    headers: Record<string, string> = {},
    onRequest: () => void = () => {},
  ) {
    let calls = 0;
    return () => {
      onRequest();
      const status = statuses[calls++];
      return status
        ? { status, body: vaultErrors('try later'), headers }
        : { body: { data: { ok: true } } };
    };
  }

  it('sends the token and the namespace, and never the namespace to sys/health', async () => {
    vault = await startFakeVault(() => ({ body: { data: {} } }));
    const h = client({ namespace: 'team-a' });
    await h.send(metadataRoute, { token: 'hvs.test-token' });
    await h.send({ name: 'health' });
    expect(vault.log[0].headers['x-vault-token']).toBe('hvs.test-token');
    expect(vault.log[0].headers['x-vault-namespace']).toBe('team-a');
    expect(vault.log[1].headers['x-vault-token']).toBeUndefined();
    expect(vault.log[1].headers['x-vault-namespace']).toBeUndefined();
  });

  it('lists with GET ?list=true', async () => {
    vault = await startFakeVault(() => ({ body: { data: { keys: [] } } }));
    await client().send(
      { name: 'kv-list', mount: 'secret', folder: 'team/' },
      { token: 't' },
    );
    expect(vault.calls()).toEqual(['GET secret/metadata/team/']);
    expect(vault.log[0].query.get('list')).toBe('true');
  });

  it('retries 429 with exponential backoff, then succeeds', async () => {
    const time = fakeRetryTime(1);
    vault = await startFakeVault(
      failThenSucceed([429, 429, 429], {}, time.arrived),
    );
    const response = await client({ ...timed, logger: time.logger }).send(
      metadataRoute,
      { token: 't' },
    );
    expect(response.body).toEqual({ data: { ok: true } });
    expect(vault.log).toHaveLength(4);
    expect(time.gaps()).toEqual([100, 200, 400]);
  });

  it('retries 503, 500 and 412 too', async () => {
    vault = await startFakeVault(failThenSucceed([503, 500, 412]));
    await client().send(metadataRoute, { token: 't' });
    expect(vault.log).toHaveLength(4);
  });

  it('jitters the backoff between half and all of the exponential delay', async () => {
    const time = fakeRetryTime(0);
    vault = await startFakeVault(
      failThenSucceed([500, 500, 500], {}, time.arrived),
    );
    await client({ ...timed, logger: time.logger }).send(metadataRoute, {
      token: 't',
    });
    expect(time.gaps()).toEqual([50, 100, 200]);
  });

  it('honours Retry-After instead of its own backoff', async () => {
    const time = fakeRetryTime(1);
    vault = await startFakeVault(
      failThenSucceed([429, 429], { 'retry-after': '3' }, time.arrived),
    );
    await client({ ...timed, logger: time.logger }).send(metadataRoute, {
      token: 't',
    });
    expect(time.gaps()).toEqual([3000, 3000]);
  });

  it('fails at once when Retry-After is longer than it will wait', async () => {
    const time = fakeRetryTime(1);
    vault = await startFakeVault(
      failThenSucceed([429], { 'retry-after': '3600' }),
    );
    await expect(
      client({ ...timed, logger: time.logger }).send(metadataRoute, {
        token: 't',
      }),
    ).rejects.toThrow(/asked to wait 3600 s, longer than Posture waits/);
    expect(vault.log).toHaveLength(1);
    expect(time.announced).toEqual([]);
  });

  it('gives up after the configured retries with the mapped error', async () => {
    vault = await startFakeVault(() => ({
      status: 429,
      body: vaultErrors('quota'),
    }));
    const h = client({ retries: 2 });
    const error = await h.send(metadataRoute, { token: 't' }).catch(e => e);
    expect(error).toBeInstanceOf(VaultError);
    expect(error.kind).toBe('rate-limited');
    expect(error.message).toBe(
      'Vault rate limited reading metadata at secret/metadata/payments/db (429)',
    );
    expect(vault.log).toHaveLength(3);
  });

  it('does not retry 403, 404 or 400', async () => {
    for (const status of [403, 404, 400]) {
      vault = await startFakeVault(() => ({ status, body: vaultErrors('no') }));
      await expect(
        client().send(metadataRoute, { token: 't' }),
      ).rejects.toBeInstanceOf(VaultError);
      expect(vault.log).toHaveLength(1);
      await http!.close();
      await vault.close();
    }
    vault = undefined;
    http = undefined;
  });

  it('maps a timeout and retries it', async () => {
    vault = await startFakeVault(() => ({ hang: true }));
    const error = await client({ timeoutMs: 100, retries: 1 })
      .send(metadataRoute, { token: 't' })
      .catch(e => e);
    expect(error).toBeInstanceOf(VaultError);
    expect(error.kind).toBe('timeout');
    expect(error.unavailable).toBe(true);
    expect(error.message).toBe(
      'Vault did not answer within 100 ms (reading metadata at secret/metadata/payments/db)',
    );
    expect(vault.log).toHaveLength(2);
  });

  it('maps a refused connection to a network error naming the address', async () => {
    vault = await startFakeVault(() => ({}));
    const baseUrl = vault.baseUrl;
    await vault.close();
    vault = undefined;
    http = new VaultHttp({
      baseUrl,
      timeoutMs: 1000,
      retries: 1,
      concurrency: 1,
      requestsPerSecond: 1000,
      backoff: { baseMs: 2, maxMs: 2 },
    });
    const error = await http.send(metadataRoute, { token: 't' }).catch(e => e);
    expect(error.kind).toBe('network');
    expect(error.message).toBe(
      `cannot reach Vault at ${baseUrl} (reading metadata at secret/metadata/payments/db): ECONNREFUSED`,
    );
  });

  it('retries a dropped connection', async () => {
    let calls = 0;
    vault = await startFakeVault(() =>
      calls++ === 0 ? { destroy: true } : { body: { data: {} } },
    );
    await expect(client().send(metadataRoute, { token: 't' })).resolves.toEqual(
      { status: 200, body: { data: {} } },
    );
    expect(vault.log).toHaveLength(2);
  });

  it('stops at once when the caller aborts, with the caller reason', async () => {
    const controller = new AbortController();
    // Aborted once the request is in flight, as a shutdown would.
    vault = await startFakeVault(() => {
      controller.abort(new Error('shutting down'));
      return { hang: true };
    });
    const pending = client({ timeoutMs: 5000 }).send(metadataRoute, {
      token: 't',
      signal: controller.signal,
    });
    await expect(pending).rejects.toThrow('shutting down');
    expect(vault.log).toHaveLength(1);
  });

  it('never puts a credential in an error message', async () => {
    vault = await startFakeVault(() => ({
      status: 500,
      body: vaultErrors('token hvs.SECRET-TOKEN-VALUE is broken'),
    }));
    const h = client({ retries: 0 });
    h.addCredential('hvs.SECRET-TOKEN-VALUE');
    const error = await h.send(metadataRoute, { token: 't' }).catch(e => e);
    expect(error.message).toBe(
      'Vault failed (500) while reading metadata at secret/metadata/payments/db: token [redacted] is broken',
    );
  });

  it('starts N requests (N - 1) / rps seconds apart', async () => {
    clock = FakeTimers.install({
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
    });
    const arrivals: number[] = [];
    vault = await startFakeVault(() => {
      arrivals.push(Date.now());
      return { body: { data: {} } };
    });
    const h = client({ requestsPerSecond: 20, concurrency: 6 });
    const start = Date.now();
    const all = Promise.all(
      Array.from({ length: 6 }, () => h.send(metadataRoute, { token: 't' })),
    );
    for (let n = 1; n < 6; n++) {
      await until(() => arrivals.length === n);
      await clock.tickAsync(50);
    }
    await all;
    // 6 requests at 20 per second: one every 50 ms, the last 250 ms after the first.
    expect(arrivals.map(t => t - start)).toEqual([0, 50, 100, 150, 200, 250]);
  });

  it('keeps no more than `concurrency` requests in flight', async () => {
    vault = await startFakeVault(() => ({ body: { data: {} }, delayMs: 30 }));
    const h = client({ concurrency: 2 });
    await Promise.all(
      Array.from({ length: 8 }, () => h.send(metadataRoute, { token: 't' })),
    );
    expect(vault.maxInFlight).toBe(2);
  });

  it('treats a non-JSON error page by its status alone', async () => {
    vault = await startFakeVault(() => ({ status: 502 }));
    const error = await client({ retries: 0 })
      .send(metadataRoute, { token: 't' })
      .catch(e => e);
    expect(error.message).toBe(
      'Vault failed (502) while reading metadata at secret/metadata/payments/db',
    );
  });
});
