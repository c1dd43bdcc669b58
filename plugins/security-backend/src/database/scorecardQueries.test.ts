import {
  POLICY_CHECKS,
  type CheckTally,
  type GradeCounts,
  type TrendPoint,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { createTestStore } from '../__testUtils__/storeHarness';
import {
  exampleFleet,
  gradeOf,
  scoreOn,
  seedExampleFleet,
  type ExampleFleet,
  type FleetEntity,
} from '../__testUtils__/exampleFleet';
import { DatabaseFleetStore } from './DatabaseFleetStore';
import { ALLOW_ALL, type EntityPredicate } from './entityPredicate';
import {
  allEntities,
  entityPage,
  FLEET_REF,
  groupExists,
  groupNumbers,
  recordedTitles,
  selectionNumbers,
  trendFromHistory,
  trendFromRollups,
  type GroupNumbers,
  type ScorecardSelection,
} from './scorecardQueries';

const databases = createTestDatabases();
const NOW = new Date();

const ACME = 'group:default/acme';
const ENGINEERING = 'group:default/acme-engineering';
const TEAMS = ['payments', 'identity', 'storefront', 'data', 'platform'].map(
  t => `group:default/team-${t}`,
);

/** The numbers a group of these entities must show, computed the obvious way. */
function expectedNumbers(ref: string, entities: FleetEntity[]): GroupNumbers {
  const grades: GradeCounts = { A: 0, B: 0, C: 0, D: 0, F: 0, none: 0 };
  const checks: Record<string, CheckTally> = Object.fromEntries(
    POLICY_CHECKS.map(c => [
      c,
      { passed: 0, failed: 0, missing: 0, exempt: 0 },
    ]),
  );
  const key = {
    pass: 'passed',
    fail: 'failed',
    missing: 'missing',
    exempt: 'exempt',
  } as const;
  for (const e of entities) {
    grades[e.grade ?? 'none'] += 1;
    for (const [check, status] of Object.entries(e.checks)) {
      checks[check][key[status]] += 1;
    }
  }
  const scored = entities.filter(e => e.score !== null);
  const sum = scored.reduce((s, e) => s + e.score!, 0);
  return {
    ref,
    entities: entities.length,
    grades,
    score: scored.length ? Math.round((sum / scored.length) * 10) / 10 : null,
    checks,
    kev: entities.reduce((n, e) => n + e.kev, 0),
    highEpss: entities.reduce((n, e) => n + e.highEpss, 0),
  };
}

function expectedTrend(
  fleet: ExampleFleet,
  entities: FleetEntity[],
): TrendPoint[] {
  return fleet.days.map((date, k) => {
    const scores = entities.map(e => scoreOn(e, fleet.days.length - 1 - k));
    const grades: GradeCounts = { A: 0, B: 0, C: 0, D: 0, F: 0, none: 0 };
    for (const s of scores) grades[gradeOf(s) ?? 'none'] += 1;
    const known = scores.filter((s): s is number => s !== null);
    return {
      date,
      grades,
      score: known.length
        ? Math.round((known.reduce((a, b) => a + b, 0) / known.length) * 10) /
          10
        : null,
    };
  });
}

/** Worst first: lowest score, ungraded last, ties by ref. */
function worstFirst(entities: FleetEntity[]): string[] {
  return [...entities]
    .sort(
      (a, b) =>
        (a.score ?? 101) - (b.score ?? 101) ||
        a.entityRef.localeCompare(b.entityRef),
    )
    .map(e => e.entityRef);
}

const byRef = (a: { ref: string }, b: { ref: string }) =>
  a.ref.localeCompare(b.ref);

describe.each(databases.eachSupportedId())('scorecard queries on %s', id => {
  let knex: Knex;
  let fleet: ExampleFleet;

  beforeAll(async () => {
    ({ knex } = await createTestStore(databases, id));
    fleet = exampleFleet({ now: NOW, historyDays: 12 });
    await seedExampleFleet(knex, fleet);
  });

  const select = (
    overrides: Partial<ScorecardSelection> = {},
  ): ScorecardSelection => ({
    groupBy: 'owner',
    filters: {},
    visible: ALLOW_ALL,
    ...overrides,
  });
  const ownedBy = (ref: string) =>
    fleet.entities.filter(e => e.ownerRef === ref);

  describe('grouped by owner', () => {
    it('the top level is the parent of the example org, covering all 25 components', async () => {
      expect(fleet.entities).toHaveLength(25);
      expect(await groupNumbers(knex, select())).toEqual([
        expectedNumbers(ACME, fleet.entities),
      ]);
    });

    it("a parent's numbers are the union of its descendants' entities, and each child has its own", async () => {
      const acme = await groupNumbers(knex, select({ group: ACME }));
      expect(acme.sort(byRef)).toEqual([
        expectedNumbers(ACME, fleet.entities),
        expectedNumbers(ENGINEERING, fleet.entities),
      ]);

      const engineering = await groupNumbers(
        knex,
        select({ group: ENGINEERING }),
      );
      expect(engineering.sort(byRef)).toEqual(
        [
          expectedNumbers(ENGINEERING, fleet.entities),
          ...TEAMS.map(team => expectedNumbers(team, ownedBy(team))),
        ].sort(byRef),
      );
      // Every team owns something, and together they are the department.
      const teams = engineering.filter(g => g.ref !== ENGINEERING);
      expect(teams.every(t => t.entities > 0)).toBe(true);
      expect(teams.reduce((n, t) => n + t.entities, 0)).toBe(25);
      expect(teams.reduce((n, t) => n + t.grades.F, 0)).toBe(
        engineering.find(g => g.ref === ENGINEERING)!.grades.F,
      );
    });

    it('a team with no child groups is answered alone', async () => {
      expect(await groupNumbers(knex, select({ group: TEAMS[0] }))).toEqual([
        expectedNumbers(TEAMS[0], ownedBy(TEAMS[0])),
      ]);
    });

    it('an owner that is a user or a group outside the tree is top level, counting for itself', async () => {
      const extra = [
        ['component:default/guest-tool', 'user:default/guest'],
        ['component:default/orphan', 'group:default/ghost'],
      ];
      await knex('posture_entities').insert(
        extra.map(([ref, owner]) => ({
          entity_ref: ref,
          kind: 'component',
          namespace: 'default',
          name: ref.split('/')[1],
          title: ref.split('/')[1],
          owner_ref: owner,
          seen_at: NOW.toISOString(),
        })),
      );
      try {
        const top = await groupNumbers(knex, select());
        expect(top.map(g => [g.ref, g.entities]).sort()).toEqual([
          [ACME, 25],
          ['group:default/ghost', 1],
          ['user:default/guest', 1],
        ]);
        expect(
          await groupNumbers(knex, select({ group: 'user:default/guest' })),
        ).toMatchObject([
          { ref: 'user:default/guest', entities: 1, grades: { none: 1 } },
        ]);
        expect(await groupExists(knex, 'owner', 'user:default/guest')).toBe(
          true,
        );
      } finally {
        await knex('posture_entities')
          .whereIn(
            'entity_ref',
            extra.map(([ref]) => ref),
          )
          .delete();
      }
      expect(await groupExists(knex, 'owner', 'user:default/guest')).toBe(
        false,
      );
    });

    it('knows the groups of the tree and the owners of entities, and no other', async () => {
      expect(await groupExists(knex, 'owner', ACME)).toBe(true);
      expect(await groupExists(knex, 'owner', TEAMS[2])).toBe(true);
      expect(await groupExists(knex, 'owner', 'group:default/nobody')).toBe(
        false,
      );
      expect(await groupExists(knex, 'system', 'system:default/checkout')).toBe(
        true,
      );
      expect(await groupExists(knex, 'domain', 'domain:default/nope')).toBe(
        false,
      );
    });
  });

  it('systems and domains are flat: every one, or the one drilled into', async () => {
    const systems = [...new Set(fleet.entities.map(e => e.systemRef!))].sort();
    const bySystem = await groupNumbers(knex, select({ groupBy: 'system' }));
    expect(bySystem.sort(byRef)).toEqual(
      systems.map(s =>
        expectedNumbers(
          s,
          fleet.entities.filter(e => e.systemRef === s),
        ),
      ),
    );
    expect(
      await groupNumbers(
        knex,
        select({ groupBy: 'system', group: 'system:default/checkout' }),
      ),
    ).toEqual([
      expectedNumbers(
        'system:default/checkout',
        fleet.entities.filter(e => e.systemRef === 'system:default/checkout'),
      ),
    ]);

    const byDomain = await groupNumbers(knex, select({ groupBy: 'domain' }));
    expect(byDomain.sort(byRef)).toEqual(
      ['domain:default/commerce', 'domain:default/platform'].map(d =>
        expectedNumbers(
          d,
          fleet.entities.filter(e => e.domainRef === d),
        ),
      ),
    );
  });

  describe('the whole selection', () => {
    /** Graded, but with no owner, system or domain: in no group of any grouping. */
    const unowned: FleetEntity = {
      entityRef: 'component:default/unowned-tool',
      kind: 'component',
      name: 'unowned-tool',
      title: 'Unowned tool',
      ownerRef: null,
      systemRef: null,
      domainRef: null,
      lifecycle: 'production',
      tags: [],
      grade: 'F',
      score: 30,
      checks: {
        'known-exploited': 'fail',
        'exploit-likelihood': 'pass',
        'fixable-vulnerabilities': 'fail',
        'scan-age': 'pass',
        sbom: 'missing',
        signature: 'exempt',
        'secret-age': 'fail',
      },
      kev: 4,
      highEpss: 7,
    };

    beforeAll(async () => {
      await knex('posture_entities').insert({
        entity_ref: unowned.entityRef,
        kind: unowned.kind,
        namespace: 'default',
        name: unowned.name,
        title: unowned.title,
        lifecycle: unowned.lifecycle,
        seen_at: NOW.toISOString(),
      });
      await knex('entity_posture').insert({
        entity_ref: unowned.entityRef,
        grade: unowned.grade,
        score: unowned.score,
        kev_count: unowned.kev,
        high_epss_count: unowned.highEpss,
        updated_at: NOW.toISOString(),
      });
      await knex('posture_checks').insert(
        Object.entries(unowned.checks).map(([check, status]) => ({
          entity_ref: unowned.entityRef,
          check,
          status,
        })),
      );
    });

    afterAll(async () => {
      for (const table of [
        'posture_checks',
        'entity_posture',
        'posture_entities',
      ]) {
        await knex(table).where('entity_ref', unowned.entityRef).delete();
      }
    });

    it.each(['owner', 'system', 'domain'] as const)(
      'grouped by %s, is every entity, the unowned one too, though no group counts it',
      async groupBy => {
        const all = [...fleet.entities, unowned];
        const selection = select({ groupBy });
        expect(await selectionNumbers(knex, selection)).toEqual(
          expectedNumbers(FLEET_REF, all),
        );
        const groups = await groupNumbers(knex, selection);
        expect(groups.reduce((n, g) => n + g.entities, 0)).toBe(25);
        const page = await entityPage(knex, selection, {
          limit: 100,
          now: NOW,
        });
        expect(page.map(e => e.entityRef)).toEqual(worstFirst(all));
      },
    );

    it('counts only what the caller may see', async () => {
      const visible: EntityPredicate = {
        not: { field: 'owner', values: [TEAMS[0]] },
      };
      expect(await selectionNumbers(knex, select({ visible }))).toEqual(
        expectedNumbers(FLEET_REF, [
          ...fleet.entities.filter(e => e.ownerRef !== TEAMS[0]),
          unowned,
        ]),
      );
      expect(
        await selectionNumbers(
          knex,
          select({ visible: { field: 'owner', values: [TEAMS[0]] } }),
        ),
      ).toEqual(expectedNumbers(FLEET_REF, ownedBy(TEAMS[0])));
      expect(
        await selectionNumbers(knex, select({ visible: { const: false } })),
      ).toEqual(expectedNumbers(FLEET_REF, []));
    });

    it('follows the filters, the unowned entity among the rest', async () => {
      expect(
        await selectionNumbers(knex, select({ filters: { grade: 'F' } })),
      ).toEqual(
        expectedNumbers(FLEET_REF, [
          ...fleet.entities.filter(e => e.grade === 'F'),
          unowned,
        ]),
      );
      // The unowned entity misses its SBOM rather than failing it.
      expect(
        await selectionNumbers(
          knex,
          select({ filters: { grade: 'F', check: 'sbom' } }),
        ),
      ).toEqual(
        expectedNumbers(
          FLEET_REF,
          fleet.entities.filter(
            e => e.grade === 'F' && e.checks.sbom === 'fail',
          ),
        ),
      );
    });

    it('drilled into a group, is that group as the groups count it', async () => {
      for (const [groupBy, group] of [
        ['owner', ENGINEERING],
        ['owner', TEAMS[1]],
        ['system', 'system:default/checkout'],
        ['domain', 'domain:default/platform'],
      ] as const) {
        const selection = select({ groupBy, group });
        const numbers = await selectionNumbers(knex, selection);
        expect(numbers.ref).toBe(group);
        expect(numbers.entities).toBeGreaterThan(0);
        expect(numbers).toEqual(
          (await groupNumbers(knex, selection)).find(g => g.ref === group),
        );
      }
    });
  });

  describe('filters narrow every number, the entity list and the trend', () => {
    const cases: Array<
      [string, ScorecardSelection['filters'], (e: FleetEntity) => boolean]
    > = [
      ['kind', { kind: 'Component' }, () => true],
      [
        'lifecycle',
        { lifecycle: 'experimental' },
        e => e.lifecycle === 'experimental',
      ],
      ['tag', { tag: 'postgresql' }, e => e.tags.includes('postgresql')],
      ['grade F', { grade: 'F' }, e => e.grade === 'F'],
      ['grade none', { grade: 'none' }, e => e.grade === null],
      ['failing check', { check: 'sbom' }, e => e.checks.sbom === 'fail'],
      [
        'several at once',
        { lifecycle: 'production', check: 'scan-age' },
        e => e.lifecycle === 'production' && e.checks['scan-age'] === 'fail',
      ],
    ];

    it.each(cases)('%s', async (_, filters, keep) => {
      const expected = fleet.entities.filter(keep);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThanOrEqual(25);
      const selection = select({ filters });

      expect(await groupNumbers(knex, selection)).toEqual([
        expectedNumbers(ACME, expected),
      ]);
      const teams = await groupNumbers(
        knex,
        select({ filters, group: ENGINEERING }),
      );
      for (const team of TEAMS) {
        const own = expected.filter(e => e.ownerRef === team);
        expect(teams.find(g => g.ref === team)).toEqual(
          own.length ? expectedNumbers(team, own) : undefined,
        );
      }
      expect(await selectionNumbers(knex, selection)).toEqual(
        expectedNumbers(FLEET_REF, expected),
      );
      expect(
        await selectionNumbers(knex, select({ filters, group: ENGINEERING })),
      ).toEqual(expectedNumbers(ENGINEERING, expected));
      const page = await entityPage(knex, selection, { limit: 100, now: NOW });
      expect(page.map(e => e.entityRef)).toEqual(worstFirst(expected));
      expect(await trendFromHistory(knex, selection, fleet.days[0])).toEqual(
        expectedTrend(fleet, expected),
      );
    });

    it('a filter nothing matches answers no group, no entity and an empty trend', async () => {
      const selection = select({ filters: { tag: 'cobol' } });
      expect(await groupNumbers(knex, selection)).toEqual([]);
      expect(await selectionNumbers(knex, selection)).toEqual(
        expectedNumbers(FLEET_REF, []),
      );
      expect(await trendFromHistory(knex, selection, fleet.days[0])).toEqual(
        [],
      );
    });
  });

  describe('the entity list', () => {
    it('is worst first, ungraded last, capped, with failing checks in policy order', async () => {
      const page = await entityPage(knex, select(), { limit: 10, now: NOW });
      expect(page.map(e => e.entityRef)).toEqual(
        worstFirst(fleet.entities).slice(0, 10),
      );
      const all = await entityPage(knex, select(), { limit: 100, now: NOW });
      expect(all).toHaveLength(25);
      expect(all.slice(-2).map(e => e.grade)).toEqual([null, null]);
      const first = fleet.entities.find(e => e.entityRef === all[0].entityRef)!;
      expect(all[0]).toEqual({
        entityRef: first.entityRef,
        title: first.title,
        kind: 'component',
        owner: first.ownerRef,
        system: first.systemRef,
        domain: first.domainRef,
        lifecycle: first.lifecycle,
        grade: first.grade,
        score: first.score,
        failingChecks: POLICY_CHECKS.filter(c => first.checks[c] === 'fail'),
        exemptions: 0,
        kev: first.kev,
        highEpss: first.highEpss,
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(all[24].updatedAt).toBeNull();
    });

    it('counts approved exemptions that have not expired, and no others', async () => {
      const entityRef = fleet.entities[0].entityRef;
      const day = 86_400_000;
      const exemption = (
        exemptionId: string,
        status: string,
        expiresIn: number,
      ) => ({
        id: exemptionId,
        entity_ref: entityRef,
        check: 'sbom',
        justification: 'test',
        requester: 'user:default/alice-nguyen',
        status,
        expires_at: new Date(NOW.getTime() + expiresIn).toISOString(),
        created_at: NOW.toISOString(),
      });
      await knex('posture_exemptions').insert([
        exemption('00000000-0000-4000-8000-000000000001', 'approved', 5 * day),
        exemption('00000000-0000-4000-8000-000000000002', 'approved', 9 * day),
        exemption('00000000-0000-4000-8000-000000000003', 'approved', -day),
        exemption('00000000-0000-4000-8000-000000000004', 'pending', 5 * day),
        exemption('00000000-0000-4000-8000-000000000005', 'rejected', 5 * day),
      ]);
      try {
        const page = await entityPage(knex, select(), { limit: 100, now: NOW });
        expect(page.find(e => e.entityRef === entityRef)!.exemptions).toBe(2);
        expect(page.filter(e => e.exemptions > 0)).toHaveLength(1);
      } finally {
        await knex('posture_exemptions').delete();
      }
    });

    it('pages of the export cover the selection once each, in list order', async () => {
      const pages: string[][] = [];
      for await (const page of allEntities(knex, select(), {
        pageSize: 4,
        now: NOW,
      })) {
        pages.push(page.map(e => e.entityRef));
      }
      expect(pages.map(p => p.length)).toEqual([4, 4, 4, 4, 4, 4, 1]);
      expect(pages.flat()).toEqual(worstFirst(fleet.entities));
    });
  });

  describe('the trend', () => {
    it('from the rollups equals the one from the snapshots when nothing is filtered', async () => {
      const from = fleet.days[0];
      expect(
        await trendFromRollups(knex, { groupBy: 'owner', fromDay: from }),
      ).toEqual(await trendFromHistory(knex, select(), from));
      expect(
        await trendFromRollups(knex, {
          groupBy: 'owner',
          group: ENGINEERING,
          fromDay: from,
        }),
      ).toEqual(expectedTrend(fleet, fleet.entities));
      expect(
        await trendFromRollups(knex, {
          groupBy: 'system',
          group: 'system:default/identity',
          fromDay: from,
        }),
      ).toEqual(
        await trendFromHistory(
          knex,
          select({ groupBy: 'system', group: 'system:default/identity' }),
          from,
        ),
      );
    });

    it('covers only the days asked for', async () => {
      const trend = await trendFromHistory(knex, select(), fleet.days[9]);
      expect(trend.map(p => p.date)).toEqual(fleet.days.slice(9));
      expect(
        (
          await trendFromRollups(knex, {
            groupBy: 'owner',
            fromDay: fleet.days[9],
          })
        ).map(p => p.date),
      ).toEqual(fleet.days.slice(9));
    });
  });

  describe('what the caller may see, as a predicate', () => {
    const visibleRefs = async (visible: EntityPredicate) =>
      (await entityPage(knex, select({ visible }), { limit: 100, now: NOW }))
        .map(e => e.entityRef)
        .sort();
    const refsWhere = (keep: (e: FleetEntity) => boolean) =>
      fleet.entities
        .filter(keep)
        .map(e => e.entityRef)
        .sort();

    it('owner claims, compared without regard to case', async () => {
      expect(
        await visibleRefs({
          field: 'owner',
          values: ['Group:default/Team-Payments', 'user:default/nobody'],
        }),
      ).toEqual(refsWhere(e => e.ownerRef === TEAMS[0]));
    });

    it('NOT of a fact includes the entities that do not have it', async () => {
      await knex('posture_entities').insert({
        entity_ref: 'component:default/unowned',
        kind: 'component',
        namespace: 'default',
        name: 'unowned',
        title: 'unowned',
        seen_at: NOW.toISOString(),
      });
      try {
        const refs = await visibleRefs({
          not: { field: 'owner', values: [TEAMS[0]] },
        });
        expect(refs).toContain('component:default/unowned');
        expect(refs).toHaveLength(26 - ownedBy(TEAMS[0]).length);
      } finally {
        await knex('posture_entities')
          .where('entity_ref', 'component:default/unowned')
          .delete();
      }
    });

    it('kinds, tags, lifecycles, all and any', async () => {
      expect(await visibleRefs({ field: 'kind', values: ['API'] })).toEqual([]);
      expect(await visibleRefs({ tag: 'Kafka' })).toEqual(
        refsWhere(e => e.tags.includes('kafka')),
      );
      expect(
        await visibleRefs({
          all: [
            { field: 'lifecycle', values: ['production'] },
            {
              any: [{ field: 'owner', values: [TEAMS[1]] }, { tag: 'python' }],
            },
          ],
        }),
      ).toEqual(
        refsWhere(
          e =>
            e.lifecycle === 'production' &&
            (e.ownerRef === TEAMS[1] || e.tags.includes('python')),
        ),
      );
      expect(await visibleRefs({ const: false })).toEqual([]);
      expect(await visibleRefs({ any: [] })).toEqual([]);
      expect(await visibleRefs({ all: [] })).toHaveLength(25);
    });

    it('hidden entities count nowhere: groups, totals and trend', async () => {
      const visible: EntityPredicate = { field: 'owner', values: [TEAMS[3]] };
      const own = ownedBy(TEAMS[3]);
      expect(await groupNumbers(knex, select({ visible }))).toEqual([
        expectedNumbers(ACME, own),
      ]);
      expect(await selectionNumbers(knex, select({ visible }))).toEqual(
        expectedNumbers(FLEET_REF, own),
      );
      expect(
        await trendFromHistory(knex, select({ visible }), fleet.days[0]),
      ).toEqual(expectedTrend(fleet, own));
    });
  });
});

describe.each(databases.eachSupportedId())('scorecard titles on %s', id => {
  it("shows a group's, system's or domain's display name from the last catalog walk, else a graded entity's title", async () => {
    const { knex } = await createTestStore(databases, id);
    const fleetStore = new DatabaseFleetStore(knex);
    await fleetStore.replaceFacts({
      entities: [],
      ancestry: [],
      titles: [
        { entityRef: ENGINEERING, title: 'Acme Engineering' },
        { entityRef: 'system:default/payments', title: 'Payments' },
      ],
      seenAt: NOW,
    });
    const titles = await recordedTitles(knex, [
      ENGINEERING,
      'system:default/payments',
      'domain:default/unnamed',
    ]);
    expect(Object.fromEntries(titles)).toEqual({
      [ENGINEERING]: 'Acme Engineering',
      'system:default/payments': 'Payments',
    });
  });
});
