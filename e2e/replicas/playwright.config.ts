import { defineConfig } from '@playwright/test';
import path from 'path';

const root = path.resolve(__dirname, '..', '..');

/**
 * The replica tests: two built backends on this machine's PostgreSQL behind Debian's HAProxy,
 * started by the harness (scripts/replicas/harness.ts) in the test worker, which kills and
 * restarts replicas and reads the stand-ins' taps. One worker: the harness owns fixed ports
 * (7100-7109). API tests only; no browser.
 */
export default defineConfig({
  testDir: '.',
  testMatch: /\.spec\.ts$/,
  timeout: 300_000,
  expect: { timeout: 30_000 },
  forbidOnly: true,
  retries: 0,
  workers: 1,
  fullyParallel: false,
  reporter: [
    ['list'],
    [
      'json',
      { outputFile: path.join(root, 'e2e-results/playwright-replicas.json') },
    ],
  ],
  outputDir: path.join(root, 'e2e-results/replicas-artifacts'),
  projects: [{ name: 'replicas' }],
});
