import { expect, test } from '@playwright/test';
import path from 'path';
import {
  guestToken,
  signInAsGuest,
  waitForCatalogEntity,
  waitForOverdueSecrets,
  waitForSeededReports,
  waitForSignatureStatus,
} from '../helpers';

const docsImages = path.resolve(__dirname, '../../docs/images');

test.describe('Security tab in Chromium', () => {
  test.beforeAll(async ({ request }) => {
    const token = await guestToken(request);
    await waitForCatalogEntity(request, token, {
      kind: 'component',
      namespace: 'default',
      name: 'payment-gateway',
    });
    await waitForSeededReports(request, token, 'payment-gateway');
    // The screenshot for the README shows the signature too (the demo signs this service).
    await waitForSignatureStatus(request, token, 'payment-gateway', 'verified');
  });

  test('an example service shows its grade, findings and SBOM', async ({
    page,
  }) => {
    await signInAsGuest(page);
    await page.goto('/catalog/default/component/payment-gateway');
    // The entity header's tabs are links in Backstage's new UI, tabs in the older one (the
    // sidebar's "Security", the scorecards, is a link too: only the entity's own counts).
    await page
      .getByRole('tab', { name: 'Security', exact: true })
      .or(page.locator('a[href$="/component/payment-gateway/security"]'))
      .first()
      .click();
    await expect(page).toHaveURL(
      /\/catalog\/default\/component\/payment-gateway\/security/,
    );
    const tab = page.getByTestId('security-tab');
    await expect(tab.getByText('Security posture')).toBeVisible();

    await tab.getByRole('tab', { name: /^Findings/ }).click();
    const findings = tab.getByTestId('vulnerabilities-table');
    await expect(findings.getByText(/^(CVE|GHSA)-/).first()).toBeVisible();
    await page.screenshot({ path: path.join(docsImages, 'security-tab.png') });

    await tab.getByRole('tab', { name: /^SBOM/ }).click();
    const sbom = tab.getByTestId('sbom-table');
    await expect(sbom.getByText('Software bill of materials')).toBeVisible();
    await expect(sbom.getByText(/^pkg:/).first()).toBeVisible();
    await page.screenshot({
      path: path.join(docsImages, 'security-tab-sbom.png'),
      fullPage: true,
    });
  });

  test('a service without reports or secrets says how to upload a report', async ({
    page,
  }) => {
    await signInAsGuest(page);
    await page.goto(
      '/catalog/default/component/identity-admin-portal/security',
    );
    const tab = page.getByTestId('security-tab');
    await expect(tab.getByText('No security data yet')).toBeVisible();
    await expect(
      tab.getByText('/api/security/v1/reports', { exact: false }).first(),
    ).toBeVisible();
    await page.screenshot({
      path: path.join(docsImages, 'security-tab-empty.png'),
    });
  });

  test('a service without Posture annotations says which annotation to add', async ({
    page,
  }) => {
    await signInAsGuest(page);
    await page.goto('/catalog/default/component/legacy-batch-jobs/security');
    const tab = page.getByTestId('security-tab');
    await expect(tab.getByText('Missing Annotation')).toBeVisible();
    await expect(tab.getByText('posture.dev/image').first()).toBeVisible();
  });

  test('a service with old secrets shows them overdue, from Vault metadata', async ({
    page,
    request,
  }) => {
    const name = await waitForOverdueSecrets(
      request,
      await guestToken(request),
    );
    await signInAsGuest(page);
    await page.goto(`/catalog/default/component/${name}/security`);
    const card = page.getByTestId('secrets-card');
    await expect(
      card.getByText('Secrets', { exact: true }).first(),
    ).toBeVisible();
    await expect(card.getByText('overdue').first()).toBeVisible();
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: path.join(docsImages, 'secrets-card.png') });
  });
});
