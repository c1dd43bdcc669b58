import { test as base, expect, type APIRequestContext } from '@playwright/test';
import { ReplicaHarness } from '../../scripts/replicas/harness';

/** The demo's CI upload token (app-config.yaml backend.auth.externalAccess). */
export const UPLOAD_TOKEN = 'posture-demo-upload-token-NOT-A-SECRET';

/**
 * One harness per worker (the config runs one): started before the first test, stopped after
 * the last. A test that kills a replica starts it again before it ends.
 */
export const test = base.extend<
  Record<string, never>,
  { harness: ReplicaHarness }
>({
  harness: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const harness = new ReplicaHarness({ replicas: 2 });
      try {
        await harness.start();
        await use(harness);
      } finally {
        await harness.stop();
      }
    },
    { scope: 'worker', timeout: 600_000 },
  ],
});

export { expect };

/** A guest user's token, from whichever replica answers. */
export async function guestToken(
  request: APIRequestContext,
  baseUrl: string,
): Promise<string> {
  const res = await request.get(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).backstageIdentity.token;
}

/** Polls `check` until it holds or `timeoutMs` passes (waiting on other processes only). */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}
