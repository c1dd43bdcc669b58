import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { makeScan, makeVulnerability } from '../../__testUtils__/parsedReports';
import {
  alice,
  bob,
  CHECKOUT_REF,
  createActionsHarness,
  LEDGER_REF,
  TEAM_CHECKOUT,
  TEAM_PAYMENTS,
} from './__testUtils__/actionsHarness';

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

type CampaignOutput = {
  id: string;
  title: string;
  status: string;
  query: Record<string, string>;
  deadline: string;
  pastDeadline: boolean;
  total: number;
  remaining: number;
  byOwner: Array<{ ref: string | null; remaining: number }>;
  burndown: Array<{ date: string; remaining: number }>;
  stillAffected?: Array<{ entityRef: string; owner: string | null }>;
};
type StatusOutput = { campaigns: CampaignOutput[]; totalCount: number };

const LOG4J_QUERY = {
  package: 'log4j-core',
  ecosystem: 'maven',
  version: '<2.17.0',
};

/** A deadline a month from now, so the campaign may be started today. */
function nextMonth(): string {
  return new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
}

async function seeded() {
  const harness = await createActionsHarness(databases);
  const log4j = await harness.campaignService.create(
    {
      title: 'log4j-core below 2.17 gone',
      note: 'Upgrade to 2.17.1 or later.',
      deadline: nextMonth(),
      query: LOG4J_QUERY,
    },
    alice,
  );
  const curl = await harness.campaignService.create(
    {
      title: 'curl CVE-2024-0002',
      deadline: nextMonth(),
      query: { vulnerability: 'CVE-2024-0002' },
    },
    alice,
  );
  const status = async (
    input: Record<string, unknown>,
    credentials: BackstageCredentials = alice,
  ) =>
    (
      await harness.registry.invoke({
        id: 'test:get-campaign-status',
        input: input as never,
        credentials,
      })
    ).output as StatusOutput;
  return { ...harness, log4j, curl, status };
}

describe('security:get-campaign-status', () => {
  it('lists the active campaigns with their counts per owner', async () => {
    const { status, log4j, curl } = await seeded();
    const output = await status({});
    expect(output.totalCount).toBe(2);
    const byId = new Map(output.campaigns.map(c => [c.id, c]));
    expect(byId.get(log4j.id)).toMatchObject({
      title: 'log4j-core below 2.17 gone',
      status: 'active',
      query: LOG4J_QUERY,
      deadline: nextMonth(),
      pastDeadline: false,
      total: 2,
      remaining: 2,
      byOwner: expect.arrayContaining([
        expect.objectContaining({ ref: TEAM_CHECKOUT, remaining: 1 }),
        expect.objectContaining({ ref: TEAM_PAYMENTS, remaining: 1 }),
      ]),
    });
    expect(byId.get(log4j.id)!.stillAffected).toBeUndefined();
    expect(byId.get(curl.id)).toMatchObject({ total: 1, remaining: 1 });
  });

  it('answers one campaign with the services still affected', async () => {
    const { status, log4j } = await seeded();
    const output = await status({ id: log4j.id });
    expect(output.totalCount).toBe(1);
    expect(output.campaigns[0].stillAffected).toEqual(
      expect.arrayContaining([
        {
          entityRef: CHECKOUT_REF,
          title: 'Checkout API',
          owner: TEAM_CHECKOUT,
        },
        { entityRef: LEDGER_REF, title: 'Ledger', owner: TEAM_PAYMENTS },
      ]),
    );
    expect(output.campaigns[0].stillAffected).toHaveLength(2);
  });

  it('counts a service out once it ships a fixed report', async () => {
    const { status, log4j, store, campaignRecomputer } = await seeded();
    // checkout-api's next scan has log4j-core 2.17.1: no longer below 2.17.
    await store.reports.replaceReport({
      write: {
        entityRef: CHECKOUT_REF,
        artifact: 'ghcr.io/acme/checkout-api',
        report: makeScan(0, {
          artifact: { name: 'ghcr.io/acme/checkout-api:1.5', digests: [] },
          generatedAt: '2026-11-25T10:00:00.000Z',
          vulnerabilities: [
            makeVulnerability(0, {
              id: 'CVE-2024-0001',
              packageName: 'openssl',
            }),
          ],
        }),
        sha256: '3'.repeat(64),
        document: '{}',
        uploadedBy: null,
      },
    });
    await campaignRecomputer.forEntity(CHECKOUT_REF);
    const [campaign] = (await status({ id: log4j.id })).campaigns;
    expect(campaign).toMatchObject({ total: 2, remaining: 1 });
    expect(campaign.byOwner).toEqual([
      expect.objectContaining({ ref: TEAM_PAYMENTS, remaining: 1 }),
    ]);
    expect(campaign.stillAffected).toEqual([
      expect.objectContaining({ entityRef: LEDGER_REF }),
    ]);
    expect(campaign.burndown.at(-1)).toMatchObject({ remaining: 1 });
  });

  it('counts only the services the caller may read', async () => {
    const { status, log4j } = await seeded();
    const [campaign] = (await status({ id: log4j.id }, bob)).campaigns;
    expect(campaign).toMatchObject({ total: 1, remaining: 1 });
    expect(campaign.stillAffected).toEqual([
      expect.objectContaining({ entityRef: CHECKOUT_REF }),
    ]);
    expect(campaign.byOwner).toEqual([
      expect.objectContaining({ ref: TEAM_CHECKOUT, remaining: 1 }),
    ]);
  });

  it('leaves closed campaigns out of the list, and answers one by id', async () => {
    const { status, curl, campaignService } = await seeded();
    await campaignService.close(curl.id, alice);
    const list = await status({});
    expect(list.campaigns.map(c => c.id)).not.toContain(curl.id);
    const [closed] = (await status({ id: curl.id })).campaigns;
    expect(closed).toMatchObject({ id: curl.id, status: 'closed' });
  });

  it('answers NotFoundError naming an unknown campaign', async () => {
    const { status } = await seeded();
    await expect(status({ id: 'no-such-campaign' })).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'No campaign no-such-campaign',
    });
  });
});
