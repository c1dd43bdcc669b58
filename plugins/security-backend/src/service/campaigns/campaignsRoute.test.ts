import request from 'supertest';
import type {
  Campaign,
  CampaignDetail,
} from '@posture/backstage-plugin-security-common';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import {
  API,
  BILLING,
  deadlineIn,
  IDENTITY,
  LOGIN,
  notAffectedVex,
  PAYMENTS,
  PAYMENTS_DEV,
  startCampaignBackend,
  trivyScan,
  type CampaignBackend,
} from './__testUtils__/campaignBackend';

/*
 * /v1/campaigns through the whole plugin: real store, real impact store, uploads through
 * POST /v1/reports; the recomputation an upload queues is awaited, never slept for.
 */

const databases = createTestDatabases();
const today = () => new Date().toISOString().slice(0, 10);

const log4jBelow217 = {
  title: 'log4j-core below 2.17 gone',
  note: 'Upgrade to 2.17.1 or later; see the advisory.',
  deadline: deadlineIn(30),
  query: { package: 'log4j-core', ecosystem: 'maven', version: '<2.17.0' },
};

describe.each(databases.eachSupportedId())('/v1/campaigns on %s', id => {
  let backend: CampaignBackend;
  afterEach(async () => {
    await backend?.stop();
  });

  /** Three services running log4j-core 2.14.1: two of payments, one of identity. */
  async function startWithVulnerableFleet() {
    backend = await startCampaignBackend({ knex: await databases.init(id) });
    for (const name of ['payments-api', 'billing', 'login']) {
      const res = await backend.upload(
        trivyScan({ name, log4jVersion: '2.14.1', minutesAgo: 60 }),
      );
      expect(res.status).toBe(201);
    }
    return backend;
  }

  async function created(body: object = log4jBelow217): Promise<Campaign> {
    const res = await backend.create(body);
    expect({ status: res.status, error: res.body.error }).toEqual({
      status: 201,
    });
    return res.body;
  }

  async function detail(
    campaignId: string,
    user?: string,
  ): Promise<CampaignDetail> {
    const res = await backend.get(campaignId, user);
    expect(res.status).toBe(200);
    return res.body;
  }

  it("a campaign's remaining count falls when a fixed report for one of its services is uploaded", async () => {
    await startWithVulnerableFleet();
    const campaign = await created();
    expect(campaign).toMatchObject({
      title: 'log4j-core below 2.17 gone',
      note: 'Upgrade to 2.17.1 or later; see the advisory.',
      query: log4jBelow217.query,
      deadline: log4jBelow217.deadline,
      status: 'active',
      createdBy: 'user:default/platform-lead',
      total: 3,
      remaining: 3,
      byOwner: [
        { ref: PAYMENTS, title: 'team-payments', remaining: 2 },
        { ref: IDENTITY, title: 'team-identity', remaining: 1 },
      ],
      burndown: [{ date: today(), remaining: 3, total: 3 }],
    });

    const fixed = await backend.upload(
      trivyScan({
        name: 'payments-api',
        log4jVersion: '2.17.1',
        minutesAgo: 5,
      }),
    );
    expect(fixed.status).toBe(201);

    const after = await detail(campaign.id);
    expect(after).toMatchObject({
      total: 3,
      remaining: 2,
      // As many left each: by title.
      byOwner: [
        { ref: IDENTITY, remaining: 1 },
        { ref: PAYMENTS, remaining: 1 },
      ],
      burndown: [{ date: today(), remaining: 2, total: 3 }],
    });
    expect(
      after.entities.map(e => [e.entityRef, e.resolvedAt !== null]),
    ).toEqual([
      [BILLING, false],
      [LOGIN, false],
      [API, true],
    ]);
    expect(after.entities[0]).toMatchObject({
      title: 'billing',
      owner: PAYMENTS,
      lifecycle: 'production',
    });
    const listed = await backend.list();
    expect(listed.body).toMatchObject({
      totalCount: 1,
      items: [{ id: campaign.id, total: 3, remaining: 2 }],
    });
  });

  it('a service whose report matches again comes back; one whose report is deleted drops out', async () => {
    await startWithVulnerableFleet();
    const campaign = await created();
    await backend.upload(
      trivyScan({
        name: 'payments-api',
        log4jVersion: '2.17.1',
        minutesAgo: 30,
      }),
    );
    const rollback = await backend.upload(
      trivyScan({
        name: 'payments-api',
        log4jVersion: '2.16.0',
        minutesAgo: 20,
      }),
    );
    expect(rollback.status).toBe(201);
    expect((await detail(campaign.id)).remaining).toBe(3);

    const login = await backend.upload(
      trivyScan({ name: 'login', log4jVersion: '2.14.1', minutesAgo: 10 }),
    );
    const deleted = await backend.deleteReport(LOGIN, login.body.reportId);
    expect(deleted.status).toBe(204);
    const after = await detail(campaign.id);
    expect(after.remaining).toBe(2);
    expect(
      after.entities.find(e => e.entityRef === LOGIN)?.resolvedAt,
    ).not.toBeNull();
  });

  it('a VEX statement that clears the finding takes the service out of a vulnerability campaign', async () => {
    await startWithVulnerableFleet();
    const campaign = await created({
      ...log4jBelow217,
      title: 'Log4Shell',
      query: { vulnerability: 'ghsa-jfh8-c2jp-5v3q' },
    });
    expect(campaign).toMatchObject({ total: 3, remaining: 3 });

    const vex = await backend.upload(notAffectedVex('login'));
    expect(vex.status).toBe(201);
    expect(vex.body.vex).toMatchObject({ applied: 1 });
    expect(await detail(campaign.id)).toMatchObject({
      remaining: 2,
      byOwner: [{ ref: PAYMENTS, remaining: 2 }],
    });
  });

  it('a user allowed to read only some entities gets only their counts, owners, burn-down and entities', async () => {
    await startWithVulnerableFleet();
    const campaign = await created();
    await backend.upload(
      trivyScan({ name: 'billing', log4jVersion: '2.17.1', minutesAgo: 5 }),
    );

    const mine = await detail(campaign.id, PAYMENTS_DEV);
    expect(mine).toMatchObject({
      total: 2,
      remaining: 1,
      byOwner: [{ ref: PAYMENTS, remaining: 1 }],
      burndown: [{ date: today(), remaining: 1, total: 2 }],
    });
    expect(mine.entities.map(e => e.entityRef)).toEqual([API, BILLING]);
    const list = await backend.list({}, PAYMENTS_DEV);
    expect(list.body.items[0]).toMatchObject({ total: 2, remaining: 1 });
    // The platform sees the whole fleet.
    expect(await detail(campaign.id)).toMatchObject({ total: 3, remaining: 2 });
  });

  it('owners are told when a campaign starts: one notification each, with their count and the deadline', async () => {
    await startWithVulnerableFleet();
    const campaign = await created();
    await backend.tasks.whenIdle();
    const sent = backend.notifications.sent.map(n => ({
      to: n.recipients,
      title: n.payload.title,
      description: n.payload.description,
      link: n.payload.link,
    }));
    expect(sent).toEqual(
      expect.arrayContaining([
        {
          to: { type: 'entity', entityRef: PAYMENTS },
          title: 'Campaign: log4j-core below 2.17 gone',
          description: expect.stringContaining(
            `2 of your services are affected. Ship a fixed build by ${log4jBelow217.deadline}`,
          ),
          link: `/security/campaigns/${campaign.id}`,
        },
        {
          to: { type: 'entity', entityRef: IDENTITY },
          title: 'Campaign: log4j-core below 2.17 gone',
          description: expect.stringContaining('1 of your service is affected'),
          link: `/security/campaigns/${campaign.id}`,
        },
      ]),
    );
    expect(sent).toHaveLength(2);
    // The daily pass does not tell them again.
    await backend.runDaily();
    expect(backend.notifications.sent).toHaveLength(2);
  });

  it('the daily pass recomputes, and reminds owners with services left once, a week before the deadline', async () => {
    await startWithVulnerableFleet();
    const soon = await created({ ...log4jBelow217, deadline: deadlineIn(5) });
    const later = await created({
      ...log4jBelow217,
      title: 'Same, next quarter',
      deadline: deadlineIn(60),
    });
    await backend.upload(
      trivyScan({ name: 'login', log4jVersion: '2.17.1', minutesAgo: 5 }),
    );
    await backend.tasks.whenIdle();
    const before = backend.notifications.sent.length;

    await backend.runDaily();
    await backend.runDaily();

    const reminders = backend.notifications.sent
      .slice(before)
      .map(n => [n.recipients, n.payload.title, n.payload.severity]);
    expect(reminders).toEqual([
      [
        { type: 'entity', entityRef: PAYMENTS },
        `Campaign: log4j-core below 2.17 gone is due ${deadlineIn(5)}`,
        'high',
      ],
    ]);
    expect(backend.notifications.sent.at(-1)?.payload.description).toContain(
      '2 of your services are still affected, and the deadline is in 5 days',
    );
    expect((await detail(soon.id)).recomputedAt).not.toBe(soon.recomputedAt);
    expect((await detail(later.id)).remaining).toBe(2);
  });

  it('a closed campaign stops changing, and is listed with the closed ones', async () => {
    await startWithVulnerableFleet();
    const campaign = await created();
    const closed = await backend.close(campaign.id);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      id: campaign.id,
      status: 'closed',
      remaining: 3,
    });

    await backend.upload(
      trivyScan({
        name: 'payments-api',
        log4jVersion: '2.17.1',
        minutesAgo: 5,
      }),
    );
    expect((await detail(campaign.id)).remaining).toBe(3);
    expect((await backend.list({ status: 'closed' })).body.totalCount).toBe(1);
    expect((await backend.list({ status: 'active' })).body.totalCount).toBe(0);
    expect(
      backend.auditor.events
        .filter(e => e.eventId.startsWith('campaign-'))
        .map(e => [
          e.eventId,
          e.outcome,
          (e.outcomeMeta as { campaignId?: string } | undefined)?.campaignId,
        ]),
    ).toEqual([
      ['campaign-create', 'success', campaign.id],
      ['campaign-close', 'success', campaign.id],
    ]);
  });

  describe('refusals', () => {
    beforeEach(async () => {
      await startWithVulnerableFleet();
    });

    it('401 without credentials on every route', async () => {
      const { server } = backend;
      const base = '/api/security/v1/campaigns';
      for (const res of [
        await request(server).post(base).send(log4jBelow217),
        await request(server).get(base),
        await request(server).get(`${base}/some-id`),
        await request(server).post(`${base}/some-id/close`),
      ]) {
        expect(res.status).toBe(401);
      }
    });

    it('403 to start or close a campaign without security.campaign.manage, audited', async () => {
      const campaign = await created();
      const start = await backend.create(log4jBelow217, PAYMENTS_DEV);
      expect(start.status).toBe(403);
      expect(start.body.error.message).toBe(
        'Not allowed to start campaigns (security.campaign.manage)',
      );
      const close = await backend.close(campaign.id, PAYMENTS_DEV);
      expect(close.status).toBe(403);
      expect((await backend.list()).body.totalCount).toBe(1);
      expect(
        backend.auditor.events
          .filter(e => e.outcome === 'fail')
          .map(e => e.eventId),
      ).toEqual(['campaign-create', 'campaign-close']);
    });

    it.each([
      [{ ...log4jBelow217, title: 'ab' }, 'title'],
      [
        { ...log4jBelow217, deadline: '2020-01-01' },
        'deadline 2020-01-01 is in the past',
      ],
      [
        { ...log4jBelow217, deadline: 'next friday' },
        'deadline "next friday" is not a date',
      ],
      [
        { ...log4jBelow217, query: {} },
        'query: Give one of vulnerability, package, purl or image',
      ],
      [
        {
          ...log4jBelow217,
          query: { package: 'log4j-core', purl: 'pkg:maven/a/b' },
        },
        'query: Give only one of vulnerability, package, purl or image',
      ],
      [
        {
          ...log4jBelow217,
          query: { package: 'openssl', ecosystem: 'deb', version: '<3' },
        },
        'deb',
      ],
      [
        { title: 'No deadline', query: { vulnerability: 'CVE-2021-44228' } },
        'deadline',
      ],
    ])('400 naming the field (%#)', async (body, message) => {
      const res = await backend.create(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
      expect((await backend.list()).body.totalCount).toBe(0);
    });

    it('404 for a campaign that does not exist', async () => {
      expect((await backend.get('no-such-campaign')).status).toBe(404);
      expect((await backend.close('no-such-campaign')).status).toBe(404);
    });

    it('400 for an unknown list status', async () => {
      const res = await backend.list({ status: 'paused' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('status');
    });
  });
});
