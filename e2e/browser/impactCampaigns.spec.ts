import fs from 'fs';
import path from 'path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import type {
  Campaign,
  CampaignDetail,
  ImpactListResponse,
} from '@posture/backstage-plugin-security-common';
import {
  CAMPAIGN_PACKAGE,
  CAMPAIGN_SERVICES,
  campaignScan,
} from '../campaignFixtures';
import { exampleServicesWithVulnerability } from '../exampleReports';
import {
  approverToken,
  guestToken,
  signInAsApprover,
  signInAsGuest,
  uploadForComponent,
  waitForScorecardFacts,
  waitForSeededReports,
} from '../helpers';
import { openSecurityView } from '../securityTabLoaded';

/*
 * "Where do we run it?" and "is it gone yet?" in the running demo. The impact answers are
 * checked against the example reports' own JSON; the campaign test writes only to its own
 * services (e2e-campaign-* in e2e/catalog.e2e.yaml), whose scans are uploaded afresh each run,
 * so it can run again against the same backend and never moves an example service's counts.
 */
const docsImages = path.resolve(__dirname, '../../docs/images');
// HTTP/2 Rapid Reset: in two example services of two teams (examples/reports/README.md).
const CVE = 'CVE-2023-44487';

const services = (n: number) => `${n} ${n === 1 ? 'service' : 'services'}`;
const entityName = (ref: string) => ref.replace(/^component:default\//, '');

async function impact(
  request: APIRequestContext,
  token: string,
  params: Record<string, string>,
): Promise<ImpactListResponse> {
  const res = await request.get(
    `/api/security/v1/impact?${new URLSearchParams({
      ...params,
      limit: '100',
    })}`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

async function campaign(
  request: APIRequestContext,
  token: string,
  id: string,
): Promise<CampaignDetail> {
  const res = await request.get(`/api/security/v1/campaigns/${id}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

/** The owner (its ref) of each catalog component, as the catalog has it. */
async function ownersOf(
  request: APIRequestContext,
  token: string,
  names: readonly string[],
): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const name of names) {
    const res = await request.get(
      `/api/catalog/entities/by-name/component/default/${name}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    expect(res.status()).toBe(200);
    const owner: string = (await res.json()).spec.owner;
    owners.set(name, owner.includes(':') ? owner : `group:default/${owner}`);
  }
  return owners;
}

test.describe('Impact and campaigns', () => {
  let token: string;
  const expected = exampleServicesWithVulnerability(CVE);

  test.beforeAll(async ({ request }) => {
    token = await guestToken(request);
    // Impact answers name entities the fleet regrade has recorded (owner, system, lifecycle).
    await waitForScorecardFacts(request, token);
    for (const name of expected) {
      await waitForSeededReports(request, token, name);
    }
  });

  test('the scorecards search box finds every example service whose reports carry a CVE, by owner, and exports them', async ({
    page,
    request,
  }) => {
    expect(expected.length).toBeGreaterThan(1);
    const owners = await ownersOf(request, token, expected);
    const ownerRefs = [...new Set(owners.values())].sort();
    expect(ownerRefs.length).toBeGreaterThan(1);

    const answer = await impact(request, token, { vulnerability: CVE });
    expect(answer.items.map(i => entityName(i.entityRef)).sort()).toEqual(
      expected,
    );
    expect(answer.totalCount).toBe(expected.length);
    expect(answer.owners.map(o => [o.ref, o.entities]).sort()).toEqual(
      ownerRefs.map(ref => [
        ref,
        expected.filter(name => owners.get(name) === ref).length,
      ]),
    );

    await signInAsGuest(page);
    await page.goto('/security');
    await expect(page.getByTestId('security-scorecards')).toBeVisible();
    // Lower case, as people type it: the box takes it for a vulnerability id all the same.
    const box = page
      .getByRole('search', { name: 'Where do we run it?' })
      .getByRole('textbox', { name: 'Where do we run it?' });
    await box.fill(CVE.toLowerCase());
    await box.press('Enter');
    await expect(page).toHaveURL(/\/security\/impact\?/);
    expect(new URL(page.url()).searchParams.get('vulnerability')).toMatch(
      new RegExp(`^${CVE}$`, 'i'),
    );

    const results = page.getByTestId('impact-results');
    await expect(page.getByRole('status')).toHaveText(
      `${services(expected.length)} in ${ownerRefs.length} teams`,
    );
    // One group per owner, with its count; every affected service under its owner, no other.
    for (const owner of answer.owners) {
      const group = results.getByRole('region', { name: owner.title });
      await expect(group).toContainText(services(owner.entities));
      const theirs = expected.filter(name => owners.get(name) === owner.ref);
      for (const name of theirs) {
        await expect(group.getByText(name, { exact: true })).toBeVisible();
      }
    }
    // A row header per service: the affected ones and no other.
    const rowHeaders = results.getByRole('rowheader');
    await expect(rowHeaders).toHaveCount(expected.length);
    expect(
      (await rowHeaders.allInnerTexts()).map(t => t.trim()).sort(),
    ).toEqual(expected);
    await page.screenshot({ path: path.join(docsImages, 'impact-page.png') });

    // The CSV export: one row per match, every affected service and no other.
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: /Export CSV/ }).click();
    const file = await (await downloaded).path();
    const lines = fs.readFileSync(file!, 'utf8').trim().split(/\r?\n/);
    const rows = lines.slice(1);
    expect(rows.length).toBe(
      answer.items.reduce((n, item) => n + item.matches.length, 0),
    );
    const csvServices = new Set(
      rows.map(row => entityName(row.split(',')[0].replace(/"/g, ''))),
    );
    expect([...csvServices].sort()).toEqual(expected);
    for (const row of rows) expect(row).toContain(CVE);
  });

  test('"Who else has this?" on a finding of the Security tab opens the impact page for its id', async ({
    page,
  }) => {
    const [first] = expected;
    await signInAsGuest(page);
    await openSecurityView(page, first, 'findings');
    const row = page
      .getByTestId('vulnerabilities-table')
      .locator('tbody tr')
      .filter({ hasText: CVE })
      .first();
    await row.getByRole('link', { name: /who else has/i }).click();
    await expect(page).toHaveURL(/\/security\/impact\?/);
    expect(new URL(page.url()).searchParams.get('vulnerability')).toBe(CVE);
    const results = page.getByTestId('impact-results');
    for (const name of expected) {
      await expect(results.getByText(name, { exact: true })).toBeVisible();
    }
  });

  test("a campaign's remaining count falls when a fixed report for one of its services is uploaded", async ({
    page,
    request,
  }) => {
    // Every campaign service runs the vulnerable version, whatever an earlier run left.
    for (const service of CAMPAIGN_SERVICES) {
      const res = await uploadForComponent(
        request,
        service.name,
        campaignScan({
          service: service.name,
          loggerVersion: CAMPAIGN_PACKAGE.vulnerable,
          ageMs: 120_000,
        }),
      );
      expect(res.status(), await res.text()).toBe(201);
    }
    const query = {
      package: CAMPAIGN_PACKAGE.name,
      ecosystem: CAMPAIGN_PACKAGE.ecosystem,
      version: CAMPAIGN_PACKAGE.range,
    };
    const approver = await approverToken(request);
    const affected = await impact(request, approver, query);
    expect(affected.items.map(i => entityName(i.entityRef)).sort()).toEqual(
      CAMPAIGN_SERVICES.map(s => s.name).sort(),
    );
    const total = CAMPAIGN_SERVICES.length;

    // A platform user saves the impact query as a campaign.
    await signInAsApprover(page);
    await page.goto(`/security/impact?${new URLSearchParams(query)}`);
    await expect(page.getByRole('status')).toHaveText(
      `${services(total)} in 2 teams`,
    );
    await page.getByRole('button', { name: 'Save as campaign' }).click();
    const dialog = page.getByRole('dialog');
    // Titles need not be unique: a run against the same backend starts another campaign, and
    // the test follows the one it started, by id.
    const title = `${CAMPAIGN_PACKAGE.name} below ${CAMPAIGN_PACKAGE.fixed} gone`;
    await dialog.getByLabel('Title').fill(title);
    await dialog
      .getByLabel('Note')
      .fill('Upgrade to 1.5.0; the made-up log injection is fixed there.');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(page).toHaveURL(/\/security\/campaigns\/[^/?]+$/);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    await expect(page.getByRole('heading', { name: title })).toBeVisible();

    const remaining = page.getByTestId('campaign-remaining');
    await expect(remaining).toHaveText(`${total} of ${total} remaining`);
    await expect(
      page
        .getByTestId('campaign-affected')
        .getByRole('region', { name: 'Payments' }),
    ).toContainText(services(1));
    expect((await campaign(request, approver, id)).remaining).toBe(total);

    // One service ships the fix: its next scan has the package upgraded. Payments' only one,
    // so its team drops out of the owners still affected.
    const fixed = CAMPAIGN_SERVICES.find(
      s => s.name === 'e2e-campaign-ledger',
    )!;
    const res = await uploadForComponent(
      request,
      fixed.name,
      campaignScan({
        service: fixed.name,
        loggerVersion: CAMPAIGN_PACKAGE.fixed,
        ageMs: 60_000,
      }),
    );
    expect(res.status(), await res.text()).toBe(201);

    // Recomputed in the background queue after the upload answered: asked again until it is.
    await expect
      .poll(async () => (await campaign(request, approver, id)).remaining, {
        timeout: 60_000,
      })
      .toBe(total - 1);
    await expect(async () => {
      await page.reload();
      await expect(remaining).toHaveText(`${total - 1} of ${total} remaining`, {
        timeout: 5_000,
      });
    }).toPass({ timeout: 60_000 });
    // Still affected, by owner: the fixed service's team has none left; it is under Fixed.
    const stillAffected = page.getByTestId('campaign-affected');
    for (const service of CAMPAIGN_SERVICES) {
      const listed = stillAffected.getByText(service.name, { exact: true });
      await (service === fixed
        ? expect(listed).toHaveCount(0)
        : expect(listed).toBeVisible());
    }
    await expect(
      stillAffected.getByRole('region', { name: 'Storefront' }),
    ).toContainText(services(2));
    await expect(
      stillAffected.getByRole('region', { name: 'Payments' }),
    ).toHaveCount(0);
    await expect(page.getByTestId('campaign-resolved')).toContainText(
      services(1),
    );
    await page.screenshot({
      path: path.join(docsImages, 'campaign-page.png'),
    });
  });

  test("the demo's log4j campaign follows the example services whose reports have log4j-core below 2.17", async ({
    page,
    request,
  }) => {
    // security.demo.campaigns in app-config.yaml, started by the plugin once the backend is up;
    // its services arrive as the example reports are seeded.
    const title = 'log4j-core below 2.17 gone';
    const query = {
      package: 'log4j-core',
      ecosystem: 'maven',
      version: '<2.17.0',
    };
    const listed = async () => {
      const res = await request.get('/api/security/v1/campaigns', {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(res.status(), await res.text()).toBe(200);
      const { items } = (await res.json()) as { items: Campaign[] };
      return items.filter(c => c.title === title);
    };
    await expect.poll(async () => (await listed()).length).toBe(1);
    const [demo] = await listed();
    expect(demo.query).toEqual(query);
    // The services the impact query names, once seeding is done (asked again until then).
    const affected = async () => {
      const [answer, detail] = await Promise.all([
        impact(request, token, query),
        campaign(request, token, demo.id),
      ]);
      // A campaign does not count a service whose only matches a VEX statement clears (the
      // exploitability spec clears its own service's log4j finding); the impact answer still
      // lists it, marked notAffected.
      const counted = answer.items.filter(i =>
        i.matches.some(m => !m.notAffected),
      );
      return {
        impact: counted.map(i => i.entityRef).sort(),
        campaign: detail.entities
          .filter(e => e.resolvedAt === null)
          .map(e => e.entityRef)
          .sort(),
        remaining: detail.remaining,
        total: detail.total,
        counted: counted.length,
      };
    };
    await expect
      .poll(
        async () => {
          const now = await affected();
          return (
            now.impact.includes('component:default/product-catalog') &&
            JSON.stringify(now.impact) === JSON.stringify(now.campaign)
          );
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    const settled = await affected();
    expect(settled.campaign).toEqual(settled.impact);
    expect(settled.remaining).toBe(settled.counted);

    await signInAsGuest(page);
    await page.goto('/security');
    await page
      .getByTestId('security-scorecards')
      .getByRole('link', { name: 'Campaigns' })
      .click();
    const row = page
      .getByRole('table', { name: 'Campaigns' })
      .getByRole('row')
      .filter({ hasText: title });
    const progress = `${settled.remaining} of ${settled.total} remaining`;
    await expect(row).toContainText(progress);
    await row.getByRole('link', { name: title }).click();
    await expect(page.getByRole('heading', { name: title })).toBeVisible();
    await expect(page.getByTestId('campaign-remaining')).toHaveText(progress);
  });
});
