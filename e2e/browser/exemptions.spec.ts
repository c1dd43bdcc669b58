import { expect, test, type Page } from '@playwright/test';
import {
  guestToken,
  signInAsGuest,
  waitForCatalogEntity,
  waitForSeededReports,
} from '../helpers';

/*
 * The demo's guest is a member of team-storefront and, as the demo allows everything, holds
 * security.exemption.approve. It may ask to exempt a check of its team's service, but never
 * approve its own request; it may approve the one Alice Nguyen asked for on invoice-service
 * (seeded by security.demo.exemptions in app-config.yaml).
 */
// A storefront service with failing checks (fixable vulnerabilities, an overdue secret).
const OWN_SERVICE = 'cart-service';
const OTHERS_SERVICE = 'invoice-service';

async function openOverview(page: Page, name: string) {
  await page.goto(`/catalog/default/component/${name}/security`);
  await expect(page.getByText('Security posture')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Policy checks' })).toBeVisible();
}

test.describe('Exemptions', () => {
  test.beforeAll(async ({ request }) => {
    const token = await guestToken(request);
    for (const name of [OWN_SERVICE, OTHERS_SERVICE]) {
      await waitForCatalogEntity(request, token, {
        kind: 'component',
        namespace: 'default',
        name,
      });
      await waitForSeededReports(request, token, name);
    }
  });

  test('a team member asks to exempt a failing check, and cannot approve it themselves', async ({
    page,
  }) => {
    await signInAsGuest(page);
    await openOverview(page, OWN_SERVICE);

    const ask = page
      .getByRole('button', { name: /^Request exemption: / })
      .first();
    const label = ((await ask.getAttribute('aria-label')) ?? '').replace(
      'Request exemption: ',
      '',
    );
    await ask.click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByLabel(/Justification/)
      .fill(
        'The replacement pipeline ships next sprint and fixes this check for good.',
      );
    await dialog.getByRole('button', { name: 'Request exemption' }).click();
    await expect(dialog).toBeHidden();

    const exemptions = page.getByRole('list', { name: 'Exemptions' });
    const mine = exemptions.getByRole('listitem', {
      name: `Exemption: ${label}`,
    });
    await expect(mine).toContainText('Waiting for approval');
    await expect(mine).toContainText('Requested byguest');

    // The requester holds the permission, but the backend refuses their own approval (403).
    const refusal = page.waitForResponse(
      res =>
        res.url().includes('/api/security/v1/exemptions/') &&
        res.url().endsWith('/approve'),
    );
    await mine
      .getByRole('button', { name: `Approve exemption: ${label}` })
      .click();
    expect((await refusal).status()).toBe(403);
    await expect(mine.getByRole('alert')).toContainText(
      'cannot approve your own',
    );
    await expect(mine).toContainText('Waiting for approval');
  });

  test('someone else approves a pending exemption, and the check reads Exempt', async ({
    page,
  }) => {
    await signInAsGuest(page);
    await openOverview(page, OTHERS_SERVICE);

    const exemptions = page.getByRole('list', { name: 'Exemptions' });
    const pending = exemptions.getByRole('listitem', {
      name: 'Exemption: Signed image',
    });
    await expect(pending).toContainText('Waiting for approval');
    await expect(pending).toContainText('Requested byalice-nguyen');
    await pending
      .getByRole('button', { name: 'Approve exemption: Signed image' })
      .click();
    await expect(pending).toContainText('Approved');
    await expect(pending).toContainText('guest');

    // Regraded at once: the signature check counts as exempt until the exemption expires.
    await page.reload();
    const checks = page.getByRole('list', { name: 'Policy checks' });
    await expect(checks.getByText('Exempt').first()).toBeVisible();
  });
});
