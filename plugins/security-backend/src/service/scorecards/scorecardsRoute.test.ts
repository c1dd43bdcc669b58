import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  ScorecardGroup,
  ScorecardPage,
} from '@posture/backstage-plugin-security-common';
import { parse } from 'csv-parse/sync';
import type { Knex } from 'knex';
import request from 'supertest';
import { securityPlugin } from '../../plugin';
import { entityOwnerDecision } from '../../__testUtils__/catalogDecisions';
import {
  exampleFleet,
  seedExampleFleet,
  type ExampleFleet,
} from '../../__testUtils__/exampleFleet';
import { createTestDatabases } from '../../__testUtils__/testDatabases';

const databases = createTestDatabases();
const enc = encodeURIComponent;
const PAYMENTS = 'group:default/team-payments';
const ENGINEERING = 'group:default/acme-engineering';

type Decide = (permission: string) => PolicyDecision;

const allowAll: Decide = () => ({ result: AuthorizeResult.ALLOW });
const denyAll: Decide = () => ({ result: AuthorizeResult.DENY });
/** "Owners only" for the posture; the catalog itself lets everyone read. */
const paymentsOwnersOnly: Decide = permission =>
  permission === 'security.posture.read'
    ? entityOwnerDecision(['user:default/mock', PAYMENTS])
    : { result: AuthorizeResult.ALLOW };

describe.each(databases.eachSupportedId())('GET /v1/scorecards on %s', id => {
  let knex: Knex;
  let fleet: ExampleFleet;
  let server: Parameters<typeof request>[0];
  let decide: Decide = allowAll;

  beforeAll(async () => {
    knex = await databases.init(id);
    const permissions = mockServices.permissions.mock();
    permissions.authorizeConditional.mockImplementation(async requests =>
      requests.map(r => decide(r.permission.name)),
    );
    ({ server } = await startTestBackend({
      features: [
        securityPlugin,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities: [] }),
        permissions.factory,
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: { app: { baseUrl: 'https://backstage.example.com' } },
        }),
      ],
    }));
    fleet = exampleFleet({ historyDays: 5 });
    await seedExampleFleet(knex, fleet);
  });

  beforeEach(() => {
    decide = allowAll;
  });

  const get = (query: string, accept?: string) => {
    const req = request(server)
      .get(`/api/security/v1/scorecards${query}`)
      .set('Authorization', mockCredentials.user.header());
    return accept ? req.set('Accept', accept) : req;
  };
  const page = async (query = ''): Promise<ScorecardPage> => {
    const res = await get(query);
    expect({ status: res.status, error: res.body.error }).toEqual({
      status: 200,
    });
    return res.body;
  };
  const payments = () => fleet.entities.filter(e => e.ownerRef === PAYMENTS);

  it('answers the fleet by owner: the org, its worst entities and the trend from the rollups', async () => {
    const body = await page();
    expect(body.groupBy).toBe('owner');
    expect(body.groups.map(g => [g.ref, g.title, g.entities])).toEqual([
      ['group:default/acme', 'acme', 25],
    ]);
    // The org covers every entity here, so the fleet's numbers are its numbers.
    expect(body.group).toEqual({
      ...body.groups[0],
      ref: '*',
      title: 'All entities',
    });
    expect(body.totalEntities).toBe(25);
    expect(body.group).toMatchObject({
      kev: fleet.entities.reduce((n, e) => n + e.kev, 0),
      highEpss: fleet.entities.reduce((n, e) => n + e.highEpss, 0),
    });
    expect(body.entities).toHaveLength(25);
    expect(body.entities[0].score).toBeLessThanOrEqual(body.entities[1].score!);
    expect(body.trend.map(p => p.date)).toEqual(fleet.days);
    expect(body.trend[4].grades).toEqual(body.groups[0].grades);
  });

  it('drills into a group: itself and its child groups, its entities only', async () => {
    const body = await page(`?group=${enc(ENGINEERING)}`);
    expect(body.group).toMatchObject({ ref: ENGINEERING, entities: 25 });
    expect(body.groups.map(g => g.ref)).toEqual([
      'group:default/team-data',
      'group:default/team-identity',
      'group:default/team-payments',
      'group:default/team-platform',
      'group:default/team-storefront',
    ]);
    const team = await page(`?group=${enc(PAYMENTS)}&days=3`);
    expect(team.group?.entities).toBe(payments().length);
    expect(team.groups).toEqual([]);
    expect(team.entities.map(e => e.owner)).toEqual(
      payments().map(() => PAYMENTS),
    );
    expect(team.trend).toHaveLength(3);
  });

  it('answers the whole fleet as the group for every grouping, entities in no group included', async () => {
    const unowned = 'component:default/unowned-tool';
    await knex('posture_entities').insert({
      entity_ref: unowned,
      kind: 'component',
      namespace: 'default',
      name: 'unowned-tool',
      title: 'Unowned tool',
      lifecycle: 'experimental',
      seen_at: new Date().toISOString(),
    });
    await knex('entity_posture').insert({
      entity_ref: unowned,
      grade: 'F',
      score: 10,
      updated_at: new Date().toISOString(),
    });
    try {
      const fleetF = fleet.entities.filter(e => e.grade === 'F').length;
      for (const groupBy of ['owner', 'system', 'domain']) {
        const body = await page(`?groupBy=${groupBy}`);
        expect(body.group).toMatchObject({
          ref: '*',
          title: 'All entities',
          entities: 26,
        });
        expect(body.group!.grades.F).toBe(fleetF + 1);
        expect(body.totalEntities).toBe(26);
        expect(body.groups.reduce((n, g) => n + g.entities, 0)).toBe(25);
        expect(body.entities[0].entityRef).toBe(unowned);
      }
      const experimental = await page('?lifecycle=experimental');
      expect(experimental.group!.entities).toBe(
        fleet.entities.filter(e => e.lifecycle === 'experimental').length + 1,
      );
      decide = paymentsOwnersOnly;
      const own = await page();
      expect(own.group!.entities).toBe(payments().length);
    } finally {
      await knex('entity_posture').where('entity_ref', unowned).delete();
      await knex('posture_entities').where('entity_ref', unowned).delete();
    }
  });

  it('groups by system and domain, flat', async () => {
    const systems = await page('?groupBy=system');
    expect(systems.groups).toHaveLength(5);
    expect(systems.groups.reduce((n, g) => n + g.entities, 0)).toBe(25);
    const checkout = await page(
      `?groupBy=system&group=${enc('system:default/checkout')}`,
    );
    expect(checkout.group?.ref).toBe('system:default/checkout');
    expect(checkout.groups).toEqual([]);
    const domains = await page('?groupBy=domain');
    expect(domains.groups.map(g => g.title)).toEqual(['commerce', 'platform']);
  });

  it('applies a filter to every number, the list and the trend', async () => {
    const experimental = fleet.entities.filter(
      e => e.lifecycle === 'experimental',
    );
    const body = await page('?lifecycle=experimental');
    expect(body.groups[0].entities).toBe(experimental.length);
    expect(body.group!.entities).toBe(experimental.length);
    expect(body.totalEntities).toBe(experimental.length);
    expect(body.entities.map(e => e.entityRef).sort()).toEqual(
      experimental.map(e => e.entityRef).sort(),
    );
    for (const point of body.trend) {
      expect(Object.values(point.grades).reduce((a, b) => a + b, 0)).toBe(
        experimental.length,
      );
    }
  });

  describe('an "owners only" policy (conditional decision)', () => {
    beforeEach(() => {
      decide = paymentsOwnersOnly;
    });

    it("shows only the owner's entities, in every number", async () => {
      const own = payments();
      const fleetView = await page();
      const org = fleetView.groups as ScorecardGroup[];
      expect(org).toHaveLength(1);
      expect(org[0].entities).toBe(own.length);
      expect(org[0].grades).toEqual(
        (await pageAsAdmin(`?group=${enc(PAYMENTS)}`)).group!.grades,
      );
      expect(
        Object.values(org[0].checks).every(
          t => t.passed + t.failed + t.missing + t.exempt === own.length,
        ),
      ).toBe(true);
      expect(fleetView.totalEntities).toBe(own.length);
      // The known-exploited and high-EPSS sums are of the readable entities only.
      const sum = (key: 'kev' | 'highEpss') =>
        own.reduce((n, e) => n + e[key], 0);
      expect([org[0].kev, org[0].highEpss]).toEqual([
        sum('kev'),
        sum('highEpss'),
      ]);
      expect(
        fleetView.entities.map(e => [e.entityRef, e.kev, e.highEpss]).sort(),
      ).toEqual(own.map(e => [e.entityRef, e.kev, e.highEpss]).sort());
      expect(fleetView.group).toEqual({
        ...org[0],
        ref: '*',
        title: 'All entities',
      });
      expect(fleetView.entities.every(e => e.owner === PAYMENTS)).toBe(true);
      for (const point of fleetView.trend) {
        expect(Object.values(point.grades).reduce((a, b) => a + b, 0)).toBe(
          own.length,
        );
      }

      const drilled = await page(`?group=${enc(ENGINEERING)}`);
      expect(drilled.group!.entities).toBe(own.length);
      expect(drilled.groups.map(g => g.ref)).toEqual([PAYMENTS]);
      const systems = await page('?groupBy=system');
      expect(systems.groups.map(g => g.ref)).toEqual([
        'system:default/checkout',
      ]);

      const csv = await get('?format=csv');
      const [, ...rows] = parse(csv.text) as string[][];
      expect(rows.map(r => r[0]).sort()).toEqual(
        own.map(e => e.entityRef).sort(),
      );
    });

    async function pageAsAdmin(query: string) {
      const previous = decide;
      decide = allowAll;
      try {
        return await page(query);
      } finally {
        decide = previous;
      }
    }
  });

  it('a caller denied everything sees no entity, no group and no trend', async () => {
    decide = denyAll;
    const body = await page();
    expect(body).toMatchObject({
      group: { ref: '*', entities: 0, score: null },
      groups: [],
      entities: [],
      totalEntities: 0,
      trend: [],
    });
    const drilled = await page(`?group=${enc(PAYMENTS)}`);
    expect(drilled.group).toMatchObject({ entities: 0, score: null });
  });

  describe('CSV', () => {
    it('format=csv streams every entity of the selection as an attachment', async () => {
      const res = await get(`?format=csv&group=${enc(PAYMENTS)}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="scorecards-owner-team-payments-\d{4}-\d\d-\d\d\.csv"$/,
      );
      const [header, ...rows] = parse(res.text) as string[][];
      expect(header).toEqual([
        'entityRef',
        'title',
        'kind',
        'owner',
        'system',
        'domain',
        'lifecycle',
        'grade',
        'score',
        'failingChecks',
        'exemptions',
        'updatedAt',
        'link',
        'kev',
        'highEpss',
      ]);
      expect(rows).toHaveLength(payments().length);
      for (const row of rows) {
        const entity = payments().find(e => e.entityRef === row[0])!;
        expect(row.slice(13)).toEqual([
          String(entity.kev),
          String(entity.highEpss),
        ]);
      }
      expect(rows[0][12]).toBe(
        `https://backstage.example.com/catalog/default/component/${
          rows[0][0].split('/')[1]
        }/security`,
      );
    });

    it('Accept: text/csv asks for it too', async () => {
      const res = await get('', 'text/csv');
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(parse(res.text)).toHaveLength(26);
    });

    it('neutralises a catalog title that a spreadsheet would run', async () => {
      await knex('posture_entities')
        .where('entity_ref', payments()[0].entityRef)
        .update({ title: '=HYPERLINK("http://evil.example")' });
      try {
        const res = await get(`?format=csv&group=${enc(PAYMENTS)}`);
        const row = (parse(res.text) as string[][]).find(
          r => r[0] === payments()[0].entityRef,
        )!;
        expect(row[1]).toBe('\'=HYPERLINK("http://evil.example")');
      } finally {
        await knex('posture_entities')
          .where('entity_ref', payments()[0].entityRef)
          .update({ title: payments()[0].title });
      }
    });

    it('exports more entities than one page holds, each once', async () => {
      const many = Array.from({ length: 1_234 }, (_, i) => ({
        entity_ref: `component:bulk/e-${String(i).padStart(4, '0')}`,
        kind: 'component',
        namespace: 'bulk',
        name: `e-${i}`,
        title: `e-${i}`,
        owner_ref: 'group:bulk/many',
        seen_at: new Date().toISOString(),
      }));
      await knex.batchInsert('posture_entities', many, 200);
      await knex.batchInsert(
        'entity_posture',
        many.map((e, i) => ({
          entity_ref: e.entity_ref,
          grade: 'B',
          score: 80 + (i % 3),
          updated_at: new Date().toISOString(),
        })),
        200,
      );
      try {
        const res = await get(`?format=csv&group=${enc('group:bulk/many')}`);
        const rows = (parse(res.text) as string[][]).slice(1);
        expect(rows).toHaveLength(1_234);
        expect(new Set(rows.map(r => r[0])).size).toBe(1_234);
        expect(rows.map(r => Number(r[8]))).toEqual(
          [...rows.map(r => Number(r[8]))].sort((a, b) => a - b),
        );
      } finally {
        await knex('entity_posture')
          .whereIn(
            'entity_ref',
            knex('posture_entities')
              .select('entity_ref')
              .where('namespace', 'bulk'),
          )
          .delete();
        await knex('posture_entities').where('namespace', 'bulk').delete();
      }
    });
  });

  describe('refusals', () => {
    it.each([
      ['?groupBy=team', 'groupBy'],
      [`?group=${enc('system:default/checkout')}`, 'group'],
      ['?grade=E', 'grade'],
      ['?check=scan', 'check'],
      ['?days=0', 'days'],
      ['?days=401', 'days'],
    ])('%s is a 400 naming %s', async (query, parameter) => {
      const res = await get(query);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(parameter);
    });

    it('an unknown group is a 404', async () => {
      const res = await get(`?group=${enc('group:default/nobody')}`);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain('group:default/nobody');
    });

    it('no credentials is a 401', async () => {
      const res = await request(server).get('/api/security/v1/scorecards');
      expect(res.status).toBe(401);
    });
  });
});
