import { expect, type Page } from '@playwright/test';

/** What marks each view of the Security tab as shown; a view a service lacks shows the overview. */
const VIEW_MARKS = {
  overview: /^Security posture$|^No security data yet for /,
  findings: 'vulnerabilities-table',
  sbom: 'sbom-table',
} as const;

export type SecurityView = keyof typeof VIEW_MARKS;

/**
 * Opens a view of a service's Security tab and waits until it has its data: its mark is
 * visible and no loading bar is left (the secrets' age bars are progress bars too, but
 * never loading).
 */
export async function openSecurityView(
  page: Page,
  name: string,
  view: SecurityView,
  hasView = true,
): Promise<void> {
  const query = view === 'overview' ? '' : `?view=${view}`;
  await page.goto(`/catalog/default/component/${name}/security${query}`);
  const tab = page.getByTestId('security-tab');
  await expect(tab).toBeVisible();
  if (view === 'overview' || !hasView) {
    await expect(tab.getByText(VIEW_MARKS.overview).first()).toBeVisible();
  } else {
    await expect(tab.getByTestId(VIEW_MARKS[view])).toBeVisible();
  }
  await expect(
    page.locator('[role="progressbar"]:not([aria-label^="Age of"])'),
  ).toHaveCount(0);
}
