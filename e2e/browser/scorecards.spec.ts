import { expect, test, type Page } from '@playwright/test';
import path from 'path';
import type { ScorecardPage } from '@posture/backstage-plugin-security-common';
import {
  getScorecards,
  guestToken,
  signInAsGuest,
  waitForScorecardFacts,
} from '../helpers';

const docsImages = path.resolve(__dirname, '../../docs/images');
const ACME = 'group:default/acme';
const ENGINEERING = 'group:default/acme-engineering';

const refsOf = (page: ScorecardPage) =>
  new Set(page.entities.map(e => e.entityRef));

/**
 * The example organisation: Acme > Acme Engineering > five teams, each owning services. A
 * parent's scorecard must count every service of every team below it, not only its own.
 */
test.describe('Scorecards', () => {
  let token: string;
  let components: string[];

  test.beforeAll(async ({ request }) => {
    token = await guestToken(request);
    components = await waitForScorecardFacts(request, token);
  });

  test("a parent group's rollup is the union of its descendants' entities (API)", async ({
    request,
  }) => {
    const parent = await getScorecards(request, token, {
      groupBy: 'owner',
      group: ENGINEERING,
    });
    expect(parent.group?.ref).toBe(ENGINEERING);
    const teams = parent.groups.map(g => g.ref);
    expect(teams.sort()).toEqual(
      ['data', 'identity', 'payments', 'platform', 'storefront'].map(
        t => `group:default/team-${t}`,
      ),
    );

    const union = new Set(
      parent.entities
        .filter(e => e.owner === ENGINEERING)
        .map(e => e.entityRef),
    );
    for (const team of parent.groups) {
      const child = await getScorecards(request, token, {
        groupBy: 'owner',
        group: team.ref,
      });
      // Each team's own numbers, smaller than its parent's.
      expect(child.group?.entities).toBe(team.entities);
      expect(child.totalEntities).toBe(team.entities);
      expect(team.entities).toBeLessThan(parent.group!.entities);
      for (const ref of refsOf(child)) union.add(ref);
    }
    expect(refsOf(parent)).toEqual(union);
    expect(parent.group?.entities).toBe(union.size);
    expect(Object.values(parent.group!.grades).reduce((a, b) => a + b, 0)).toBe(
      union.size,
    );

    // Acme, one level up, covers its grandchildren: every component of the catalog.
    const top = await getScorecards(request, token, {
      groupBy: 'owner',
      group: ACME,
    });
    expect(top.group?.entities).toBe(components.length);
    expect(refsOf(top)).toEqual(new Set(components));
  });

  test('drilling down in the browser shows each group its whole subtree', async ({
    page,
    request,
  }) => {
    const parent = await getScorecards(request, token, {
      groupBy: 'owner',
      group: ENGINEERING,
    });
    await signInAsGuest(page);
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Security', exact: true })
      .click();
    const scorecards = page.getByTestId('security-scorecards');
    await expect(scorecards).toBeVisible();

    await scorecards
      .getByRole('link', { name: 'Acme: show its scorecard' })
      .click();
    await scorecards
      .getByRole('link', { name: 'Acme Engineering: show its scorecard' })
      .click();
    await expect(page).toHaveURL(/group=group%3Adefault%2Facme-engineering/);
    const summary = page.getByTestId('scorecard-summary');
    const total = parent.group!.entities;
    await expect(
      scorecards.getByText(`${total} entities`, { exact: true }).first(),
    ).toBeVisible();
    await expect(summary).toBeVisible();

    // Its child teams, each with its own count; together they make up the parent's.
    const groups = page.getByTestId('scorecard-groups');
    let sum = 0;
    for (const team of parent.groups) {
      await expect(
        groups.getByRole('link', { name: `${team.title}: show its scorecard` }),
      ).toBeVisible();
      sum += team.entities;
    }
    expect(sum).toBe(total);

    // One team: fewer entities than the parent, and the breadcrumbs lead back.
    const team = parent.groups[0];
    await groups
      .getByRole('link', { name: `${team.title}: show its scorecard` })
      .click();
    await expect(
      scorecards
        .getByText(
          `${team.entities} ${team.entities === 1 ? 'entity' : 'entities'}`,
          { exact: true },
        )
        .first(),
    ).toBeVisible();
    // Four levels deep the breadcrumbs fold the middle ones behind "...".
    const trail = page.getByRole('navigation', { name: 'Drill-down' });
    await trail.getByText('...', { exact: true }).click();
    await page
      .getByRole('link', { name: 'Acme Engineering', exact: true })
      .click();
    await expect(
      scorecards.getByText(`${total} entities`, { exact: true }).first(),
    ).toBeVisible();
  });

  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ]) {
    test(`Acme Engineering's scorecard fits ${width} px without sideways scrolling`, async ({
      page,
    }) => {
      // Signed in wide: below 600 px the sidebar the sign-in helper waits for is a bottom bar.
      await signInAsGuest(page);
      await page.setViewportSize({ width, height });
      await page.goto(
        `/security?${new URLSearchParams({ group: ENGINEERING })}`,
      );
      await expect(page.getByTestId('scorecard-summary')).toBeVisible();
      await expect(page.getByTestId('scorecard-trend')).toBeVisible();
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await page.screenshot({
        path: path.join(docsImages, `scorecards-${width}.png`),
        fullPage: width < 600,
      });
    });
  }
});

function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      document.documentElement.scrollWidth -
      document.documentElement.clientWidth,
  );
}
