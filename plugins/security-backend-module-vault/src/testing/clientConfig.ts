import type { VaultAuthConfig } from '../config';
import type { VaultClientConfig } from '../client';

/** Client settings for tests: fast, no waiting for rate limits, a few retries. */
export function testClientConfig(
  baseUrl: string,
  overrides: Partial<VaultClientConfig> & { auth?: VaultAuthConfig } = {},
): VaultClientConfig {
  return {
    baseUrl,
    auth: { method: 'token', token: 'hvs.posture-test-token' },
    concurrency: 4,
    requestsPerSecond: 10_000,
    timeoutMs: 2000,
    retries: 2,
    ...overrides,
  };
}
