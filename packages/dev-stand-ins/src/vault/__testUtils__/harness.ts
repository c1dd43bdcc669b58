import {
  fetchAnswer,
  type Answer,
} from '../../shared/__testUtils__/fetchAnswer';
import { createVaultStandIn, VaultStandIn } from '../createVaultStandIn';
import { RunningServer } from '../server';

export const ROOT = 'root-token-for-tests';

export interface Harness {
  vault: VaultStandIn;
  server: RunningServer;
  call(
    method: string,
    path: string,
    options?: {
      token?: string | null;
      body?: unknown;
      headers?: Record<string, string>;
      signal?: AbortSignal;
    },
  ): Promise<Answer>;
}

/** A frozen clock that tests move forward by hand. */
export function frozenClock(start = '2025-06-01T12:00:00.000Z') {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    advance(seconds: number) {
      current = new Date(current.getTime() + seconds * 1000);
    },
  };
}

/** Starts a stand-in on 127.0.0.1 and a random port; `call` sends the root token by default. */
export async function startHarness(
  options: Parameters<typeof createVaultStandIn>[0] = {},
): Promise<Harness> {
  const vault = createVaultStandIn({ rootToken: ROOT, ...options });
  const server = await vault.start(0, '127.0.0.1');
  return {
    vault,
    server,
    async call(method, path, callOptions = {}) {
      const headers: Record<string, string> = { ...callOptions.headers };
      const token = callOptions.token === undefined ? ROOT : callOptions.token;
      if (token !== null) headers['X-Vault-Token'] = token;
      let body: string | undefined;
      if (callOptions.body !== undefined) {
        body = JSON.stringify(callOptions.body);
        headers['Content-Type'] ??= 'application/json';
      }
      return fetchAnswer(`${server.url}${path}`, {
        method,
        headers,
        body,
        signal: callOptions.signal,
      });
    },
  };
}

export type { Answer };
