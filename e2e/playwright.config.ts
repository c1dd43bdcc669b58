import { defineConfig } from '@playwright/test';
import path from 'path';

const root = path.resolve(__dirname, '..');
const backendUrl = 'http://localhost:7007';

/**
 * Smoke and end-to-end tests against the built backend, which also serves the built app.
 * Chromium is Debian's (never a Playwright browser download): POSTURE_CHROMIUM overrides the path.
 */
export default defineConfig({
  testDir: '.',
  // Longer than the helpers' 90 s wait for the demo's own scheduled work (catalog processing,
  // seeding, the first Vault pass), which a loaded CI machine can stretch past a minute.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  forbidOnly: true,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    ['json', { outputFile: path.join(root, 'e2e-results/playwright.json') }],
  ],
  outputDir: path.join(root, 'e2e-results/artifacts'),
  webServer: [
    {
      // The Vault stand-in with the demo's seeded secret metadata (app-config.yaml points at it).
      command: 'node_modules/.bin/tsx packages/dev-stand-ins/src/bin.ts vault',
      cwd: root,
      url: 'http://127.0.0.1:8200/v1/sys/health',
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The Rekor stand-in over freshly signed demo entries (a throwaway key and trusted root
      // per run, written to .posture/rekor, which app-config.e2e.yaml trusts).
      command:
        'node_modules/.bin/tsx plugins/security-backend-module-rekor/scripts/generate-demo-signatures.ts && node_modules/.bin/tsx packages/dev-stand-ins/src/bin.ts rekor --entries=.posture/rekor/entries --public-key=.posture/rekor/rekor.pub.pem',
      cwd: root,
      url: 'http://127.0.0.1:3001/api/v1/log',
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The built backend as scripts/unpack-backend.js lays it out, on fresh SQLite files, so
      // every run starts from the same state.
      command: `rm -rf .posture/e2e-sqlite && cd packages/backend && node . --config ../../app-config.yaml --config ../../e2e/app-config.e2e.yaml`,
      cwd: path.join(root, 'e2e-results/backend'),
      url: `${backendUrl}/.backstage/health/v1/readiness`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
  use: {
    baseURL: backendUrl,
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'smoke', testMatch: /smoke\.spec\.ts/ },
    {
      name: 'browser',
      testMatch: /browser\/.*\.spec\.ts/,
      use: {
        viewport: { width: 1400, height: 900 },
        launchOptions: {
          executablePath: process.env.POSTURE_CHROMIUM ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--disable-background-networking',
            '--disable-component-update',
            '--no-first-run',
            '--disable-sync',
          ],
        },
      },
    },
  ],
});
