import { expect, test, type Page } from '@playwright/test';
import path from 'path';
import {
  demoSignatureServices,
  guestToken,
  signInAsGuest,
  waitForCatalogEntity,
  waitForOverdueSecrets,
  waitForSeededReports,
} from '../helpers';
import { openSecurityView } from '../securityTabLoaded';

const root = path.resolve(__dirname, '../..');
const signed = demoSignatureServices(
  path.join(root, '.posture/rekor/manifest.json'),
);

/**
 * Everything the browser would show a developer as wrong: console errors, uncaught
 * exceptions, requests that failed, and answers of 400 and above.
 */
function recordProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', message => {
    if (message.type() === 'error') {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on('pageerror', error => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', request => {
    // A navigation away cancels what the previous page still had in flight.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(
      `request failed: ${request.method()} ${request.url()} (${
        request.failure()?.errorText
      })`,
    );
  });
  page.on('response', response => {
    if (response.status() >= 400) {
      problems.push(
        `HTTP ${response.status()}: ${response
          .request()
          .method()} ${response.url()}`,
      );
    }
  });
  return problems;
}

test('the catalog and the Security tab of several services log no error and no failed request', async ({
  page,
  request,
}) => {
  const names = [
    signed.verified,
    signed.unsigned,
    signed.invalid,
    'recommendations',
  ];
  const token = await guestToken(request);
  for (const name of names) {
    await waitForCatalogEntity(request, token, {
      kind: 'component',
      namespace: 'default',
      name,
    });
  }
  await waitForSeededReports(request, token, signed.verified);

  const problems = recordProblems(page);
  await signInAsGuest(page);
  await expect(
    page.getByRole('heading', { name: /Acme Catalog|Catalog/ }).first(),
  ).toBeVisible();
  // The guest is user:default/guest of the example org, whose team owns services.
  await expect(page.getByText(/^Owned/).first()).toBeVisible();

  for (const name of names) {
    for (const view of ['overview', 'findings', 'sbom'] as const) {
      await openSecurityView(page, name, view, name !== 'recommendations');
    }
  }
  await page.goto('/');
  await expect(page.getByText(/^Owned/).first()).toBeVisible();
  // Every request of the last page has been answered, so none goes unrecorded.
  await page.waitForLoadState('networkidle');

  expect(problems).toEqual([]);
});

test('the secret and log links of the demo open pages, not 404s or raw JSON', async ({
  page,
  request,
}) => {
  const name = signed.verified;
  const token = await guestToken(request);
  await waitForSeededReports(request, token, name);
  await signInAsGuest(page);
  await page.goto(`/catalog/default/component/${name}/security`);
  const signature = page.getByTestId('signature-card');
  const logLink = signature.locator('a[href*="logIndex="]').first();
  await expect(logLink).toBeVisible();
  const logPage = await request.get((await logLink.getAttribute('href'))!);
  expect(logPage.status()).toBe(200);
  expect(logPage.headers()['content-type']).toContain('text/html');
  expect(await logPage.text()).toMatch(/<h1>Log entry \d+<\/h1>/);

  const withSecrets = await waitForOverdueSecrets(request, token);
  await page.goto(`/catalog/default/component/${withSecrets}/security`);
  const secretLink = page
    .getByTestId('secrets-card')
    .locator('a[href*="/ui/vault/secrets/"]')
    .first();
  await expect(secretLink).toBeVisible();
  const secretPage = await request.get(
    (await secretLink.getAttribute('href'))!,
  );
  expect(secretPage.status()).toBe(200);
  expect(secretPage.headers()['content-type']).toContain('text/html');
  expect(await secretPage.text()).toMatch(
    /<h2>Versions<\/h2>|<h1>Static role /,
  );
});
