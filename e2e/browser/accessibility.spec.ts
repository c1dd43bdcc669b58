import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import path from 'path';
import {
  demoSignatureServices,
  guestToken,
  signInAsGuest,
  waitForCatalogEntity,
  waitForSeededReports,
  waitForSignatureStatus,
} from '../helpers';
import { openSecurityView, type SecurityView } from '../securityTabLoaded';

const root = path.resolve(__dirname, '../..');

// One service per signature state the demo produces (examples/signatures/plan.json), and
// the issue's `recommendations`, which has no scan, SBOM or signature.
const signed = demoSignatureServices(
  path.join(root, '.posture/rekor/manifest.json'),
);
const services: Array<{ kind: string; name: string; status?: string }> = [
  { kind: 'verified', name: signed.verified, status: 'verified' },
  { kind: 'unsigned', name: signed.unsigned, status: 'unsigned' },
  { kind: 'invalid', name: signed.invalid, status: 'invalid' },
  { kind: 'no-data', name: 'recommendations' },
];
const VIEWS: SecurityView[] = ['overview', 'findings', 'sbom'];

/** Serious and critical WCAG 2.1 A/AA violations on the page, the Security tab included. */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map(n => n.target.join(' ')),
    }));
}

test.describe('Security tab accessibility (axe-core, WCAG 2.1 AA)', () => {
  for (const service of services) {
    test(`has no serious violation on a ${service.kind} service, in every view`, async ({
      page,
      request,
    }) => {
      expect(
        service.name,
        `the demo has a ${service.kind} service`,
      ).toBeTruthy();
      const token = await guestToken(request);
      await waitForCatalogEntity(request, token, {
        kind: 'component',
        namespace: 'default',
        name: service.name,
      });
      if (service.status) {
        await waitForSeededReports(request, token, service.name);
        await waitForSignatureStatus(
          request,
          token,
          service.name,
          service.status,
        );
      }
      await signInAsGuest(page);

      for (const view of VIEWS) {
        // `recommendations` has no findings or SBOM: those views show its overview.
        await openSecurityView(page, service.name, view, !!service.status);
        const tab = page.getByTestId('security-tab');
        if (view === 'findings' && service.status) {
          // A selected chip, still focused after the click: it was white on #CECECE.
          const chip = tab
            .getByRole('group', { name: 'Severity' })
            .getByRole('button')
            .first();
          await chip.click();
          await expect(chip).toHaveAttribute('aria-pressed', 'true');
          await expect(chip).toBeFocused();
        }
        expect(
          await seriousViolations(page),
          `${service.name}, ${view} view`,
        ).toEqual([]);
      }
    });
  }

  test('offers a skip link to the findings as the first stop of the tab', async ({
    page,
    request,
  }) => {
    const name = signed.verified;
    const token = await guestToken(request);
    await waitForCatalogEntity(request, token, {
      kind: 'component',
      namespace: 'default',
      name,
    });
    await waitForSeededReports(request, token, name);
    await signInAsGuest(page);
    await page.goto(`/catalog/default/component/${name}/security`);
    const skip = page.getByRole('link', { name: 'Skip to findings' });
    await skip.focus();
    await expect(skip).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/[?&]view=findings/);
    await expect(page.locator('#security-findings')).toBeFocused();
    await expect(page.getByTestId('vulnerabilities-table')).toBeVisible();
  });
});
