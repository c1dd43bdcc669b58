import { expect, test, type Page } from '@playwright/test';
import path from 'path';
import {
  guestToken,
  signInAsGuest,
  waitForCatalogEntity,
  waitForSeededReports,
} from '../helpers';

const docsImages = path.resolve(__dirname, '../../docs/images');
// The example service with the most findings (2,734).
const SERVICE = 'payment-gateway';

async function openSecurityTab(
  page: Page,
  viewport: { width: number; height: number },
) {
  // Signed in wide: below 600 px the sidebar that the sign-in helper waits for is a bottom bar.
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAsGuest(page);
  await page.setViewportSize(viewport);
  await page.goto(`/catalog/default/component/${SERVICE}/security`);
  await expect(page.getByText('Security posture')).toBeVisible();
}

test.describe('Reasons and tables of the Security tab', () => {
  test.beforeAll(async ({ request }) => {
    const token = await guestToken(request);
    await waitForCatalogEntity(request, token, {
      kind: 'component',
      namespace: 'default',
      name: SERVICE,
    });
    await waitForSeededReports(request, token, SERVICE);
  });

  test('each findings reason filters the table to exactly its rows', async ({
    page,
  }) => {
    await openSecurityTab(page, { width: 1440, height: 900 });
    const reasons = page.locator(
      '[aria-label="Reasons for the grade"] button[data-check$="-vulnerabilities"]',
    );
    const count = await reasons.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const reason = reasons.nth(i);
      const message = (await reason.textContent()) ?? '';
      // "104 critical or high vulnerabilities with a fixed version (6 critical, 98 high)": the
      // rows are exactly the fixable ones of the policy's severities.
      const [, total, named] =
        /^([\d,]+) (.+?) vulnerabilit(?:y|ies) with a fixed version/.exec(
          message,
        ) ?? [];
      expect(named, message).toBeTruthy();
      const severities = named.split(/, | or /);
      const expected = Number(total.replace(/,/g, ''));
      await reason.click();

      const table = page.getByTestId('vulnerabilities-table');
      await expect(table.getByText(/^Vulnerabilities \(/)).toContainText(
        `Vulnerabilities (${expected.toLocaleString('en-US')}`,
      );
      const rows = table.locator('tbody tr');
      await expect(rows.first()).toBeVisible();
      const labels = severities.map(s => s[0].toUpperCase() + s.slice(1));
      const shown = await rows.count();
      expect(shown).toBe(Math.min(expected, 25));
      for (let r = 0; r < shown; r++) {
        const cells = rows.nth(r).locator('td');
        expect(labels).toContain(await cells.nth(1).textContent());
        await expect(cells.nth(4)).not.toHaveText('No fix');
      }
      await expect
        .poll(() =>
          new URL(page.url()).searchParams.get('severity')?.split(','),
        )
        .toEqual(severities);
      await page.goBack();
      await expect(page.getByText('Security posture')).toBeVisible();
    }
  });

  test('the first finding is visible without scrolling at 1440x900', async ({
    page,
  }) => {
    await openSecurityTab(page, { width: 1440, height: 900 });
    await page.getByRole('tab', { name: /^Findings/ }).click();
    const firstRow = page
      .getByTestId('vulnerabilities-table')
      .locator('tbody tr')
      .first();
    await expect(firstRow).toBeVisible();
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const box = (await firstRow.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(900);
    await page.screenshot({
      path: path.join(docsImages, 'security-tab-1440.png'),
    });
  });

  test('nothing overflows sideways at 390 px, and findings are stacked cards', async ({
    page,
  }) => {
    await openSecurityTab(page, { width: 390, height: 844 });
    const overflow = () =>
      page.evaluate(
        () =>
          document.documentElement.scrollWidth -
          document.documentElement.clientWidth,
      );
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({
      path: path.join(docsImages, 'security-tab-390.png'),
    });

    await page.getByRole('tab', { name: /^Findings/ }).click();
    const cards = page.getByRole('list', { name: 'Vulnerability findings' });
    await expect(cards.getByRole('listitem').first()).toBeVisible();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({
      path: path.join(docsImages, 'security-tab-findings-390.png'),
    });

    await page.getByRole('tab', { name: /^SBOM/ }).click();
    await expect(
      page
        .getByRole('list', { name: 'SBOM components' })
        .getByRole('listitem')
        .first(),
    ).toBeVisible();
    expect(await overflow()).toBeLessThanOrEqual(0);
  });
});
