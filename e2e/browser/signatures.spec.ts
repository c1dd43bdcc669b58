import { expect, test } from '@playwright/test';
import path from 'path';
import {
  demoSignatureServices,
  guestToken,
  signInAsGuest,
  waitForCatalogEntity,
  waitForSeededReports,
  waitForSignatureStatus,
} from '../helpers';

const root = path.resolve(__dirname, '../..');
const docsImages = path.join(root, 'docs/images');

// The demo signs its example services at start with a throwaway root (see
// examples/signatures): most verify, some are unsigned, some forged or from a stranger.
const services = demoSignatureServices(
  path.join(root, '.posture/rekor/manifest.json'),
);

const cases: Array<{ status: string; label: RegExp; shows: RegExp }> = [
  {
    status: 'verified',
    label: /^Verified$/,
    shows: /release\.yml@refs\/heads\/main/,
  },
  { status: 'unsigned', label: /^Unsigned$/, shows: /cosign attest/ },
  {
    status: 'invalid',
    label: /^Invalid signature$/,
    shows: /untrusted certificate|does not match/,
  },
  {
    status: 'unexpected-signer',
    label: /^Signed by an unexpected identity$/,
    shows: /dev\.laptop@gmail\.example/,
  },
];

test.describe('Signature card in Chromium', () => {
  for (const { status, label, shows } of cases) {
    test(`shows a ${status} image as ${status}`, async ({ page, request }) => {
      const name = services[status];
      expect(name, `the demo plan has a ${status} service`).toBeTruthy();
      const token = await guestToken(request);
      await waitForCatalogEntity(request, token, {
        kind: 'component',
        namespace: 'default',
        name,
      });
      await waitForSeededReports(request, token, name);
      await waitForSignatureStatus(request, token, name, status);

      await signInAsGuest(page);
      await page.goto(`/catalog/default/component/${name}/security`);
      const card = page.locator(
        `[data-testid="signature-card"][data-status="${status}"]`,
      );
      await expect(card).toBeVisible();
      await expect(card.getByText(label).first()).toBeVisible();
      await expect(card.getByText(shows).first()).toBeVisible();
      await card.scrollIntoViewIfNeeded();
      await card.screenshot({
        path: path.join(docsImages, `signature-card-${status}.png`),
      });
    });
  }
});
