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
import type { ImpactListResponse } from '@posture/backstage-plugin-security-common';
import { parse } from 'csv-parse/sync';
import type { Knex } from 'knex';
import request from 'supertest';
import { DatabasePostureStore } from '../../database/DatabasePostureStore';
import { securityPlugin } from '../../plugin';
import { entityOwnerDecision } from '../../__testUtils__/catalogDecisions';
import { makeSbom } from '../../__testUtils__/parsedReports';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { IMPACT_CSV_COLUMNS } from './impactCsv';

const databases = createTestDatabases();
const enc = encodeURIComponent;
const TEAM_A = 'group:default/team-a';
const TEAM_B = 'group:default/team-b';
const ref = (name: string) => `component:default/${name}`;

type Decide = (permission: string) => PolicyDecision;
const allowAll: Decide = () => ({ result: AuthorizeResult.ALLOW });
const denyAll: Decide = () => ({ result: AuthorizeResult.DENY });
/** Posture of team-a's entities only; the catalog itself lets everyone read. */
const teamAOnly: Decide = permission =>
  permission === 'security.posture.read'
    ? entityOwnerDecision(['user:default/mock', TEAM_A])
    : { result: AuthorizeResult.ALLOW };

/** Five services with lodash (a-1..a-3 of team-a, b-1..b-2 of team-b), one without. */
const SERVICES = [
  { name: 'a-1', owner: TEAM_A, lodash: '4.17.20' },
  { name: 'a-2', owner: TEAM_A, lodash: '4.17.21' },
  { name: 'a-3', owner: TEAM_A, lodash: '4.17.15' },
  { name: 'b-1', owner: TEAM_B, lodash: '4.17.20' },
  { name: 'b-2', owner: TEAM_B, lodash: '3.10.1' },
  { name: 'b-3', owner: TEAM_B, lodash: null },
];

describe.each(databases.eachSupportedId())('GET /v1/impact on %s', id => {
  let knex: Knex;
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
      ],
    }));
    const store = await DatabasePostureStore.create({
      database: mockServices.database({ knex }),
    });
    for (const [i, service] of SERVICES.entries()) {
      await store.reports.replaceReport({
        write: {
          entityRef: ref(service.name),
          artifact: `ghcr.io/acme/${service.name}`,
          report: makeSbom(0, {
            components: [
              ...(service.lodash
                ? [
                    {
                      name: 'lodash',
                      version: service.lodash,
                      purl: `pkg:npm/lodash@${service.lodash}`,
                      type: 'library',
                      licenses: ['MIT'],
                    },
                  ]
                : []),
              {
                name: 'express',
                version: '4.18.2',
                purl: 'pkg:npm/express@4.18.2',
                type: 'library',
                licenses: ['MIT'],
              },
            ],
          }),
          sha256: String(i).padStart(64, '0'),
          document: '{}',
          uploadedBy: 'external:ci',
        },
      });
    }
    await knex('posture_entities').insert(
      SERVICES.map(s => ({
        entity_ref: ref(s.name),
        kind: 'component',
        namespace: 'default',
        name: s.name,
        // A title a spreadsheet would run, to see the export neutralise it.
        title: s.name === 'a-1' ? '=HYPERLINK("https://evil")' : s.name,
        owner_ref: s.owner,
        system_ref: null,
        lifecycle: 'production',
        policy: null,
        seen_at: new Date(),
      })),
    );
  });

  beforeEach(() => {
    decide = allowAll;
  });

  const get = (query: string, accept?: string) => {
    const req = request(server)
      .get(`/api/security/v1/impact${query}`)
      .set('Authorization', mockCredentials.user.header());
    return accept ? req.set('Accept', accept) : req;
  };
  const list = async (query: string): Promise<ImpactListResponse> => {
    const res = await get(query);
    expect({ status: res.status, error: res.body.error }).toEqual({
      status: 200,
    });
    return res.body;
  };

  it('refuses a caller without credentials', async () => {
    const res = await request(server).get(
      '/api/security/v1/impact?package=lodash',
    );
    expect(res.status).toBe(401);
  });

  it('answers the affected entities with owners, counts, the query echoed, paged by cursor', async () => {
    const first = await list('?package=lodash&limit=3');
    expect(first.totalCount).toBe(5);
    expect(first.query).toEqual({ package: 'lodash' });
    expect(first.owners).toEqual([
      { ref: TEAM_A, title: 'team-a', entities: 3 },
      { ref: TEAM_B, title: 'team-b', entities: 2 },
    ]);
    // Owner order by default, so a page holds whole owner groups.
    expect(first.items.map(i => [i.entityRef, i.owner])).toEqual([
      [ref('a-1'), TEAM_A],
      [ref('a-2'), TEAM_A],
      [ref('a-3'), TEAM_A],
    ]);
    expect(first.items[1].matches).toEqual([
      {
        source: 'sbom',
        id: null,
        packageName: 'lodash',
        installedVersion: '4.17.21',
        fixedVersion: null,
        fixAvailable: false,
        purl: 'pkg:npm/lodash@4.17.21',
        severity: null,
        notAffected: false,
        artifact: 'ghcr.io/acme/a-2',
      },
    ]);
    const second = await list(
      `?package=lodash&limit=3&cursor=${first.nextCursor}`,
    );
    expect(second.items.map(i => i.entityRef)).toEqual([
      ref('b-1'),
      ref('b-2'),
    ]);
    expect(second.nextCursor).toBeUndefined();
  });

  it('judges a range for the ecosystem and echoes it', async () => {
    const body = await list(
      `?package=lodash&ecosystem=NPM&version=${enc(
        '<4.17.21',
      )}&sort=entity&order=desc`,
    );
    expect(body.query).toEqual({
      package: 'lodash',
      ecosystem: 'npm',
      version: '<4.17.21',
    });
    expect(body.items.map(i => i.entityRef)).toEqual([
      ref('b-2'),
      ref('b-1'),
      ref('a-3'),
      ref('a-1'),
    ]);
    expect(body.totalCount).toBe(4);
  });

  it('finds a purl with or without version and qualifiers', async () => {
    const all = await list(`?purl=${enc('pkg:npm/lodash?foo=bar')}`);
    expect(all.totalCount).toBe(5);
    const one = await list(
      `?purl=${enc('pkg:npm/lodash@4.17.20')}&sort=entity`,
    );
    expect(one.items.map(i => i.entityRef)).toEqual([ref('a-1'), ref('b-1')]);
  });

  it('gives a user allowed only some entities only those, counts included', async () => {
    decide = teamAOnly;
    const body = await list('?package=lodash');
    expect(body.items.map(i => i.entityRef)).toEqual([
      ref('a-1'),
      ref('a-2'),
      ref('a-3'),
    ]);
    expect(body.totalCount).toBe(3);
    expect(body.owners).toEqual([
      { ref: TEAM_A, title: 'team-a', entities: 3 },
    ]);

    decide = denyAll;
    const none = await list('?package=lodash');
    expect(none).toMatchObject({ items: [], totalCount: 0, owners: [] });
  });

  it.each([
    ['', 'Give one of vulnerability, package, purl or image'],
    [
      '?package=lodash&image=ghcr.io/acme/a-1',
      'Give only one of vulnerability, package, purl or image (got package, image)',
    ],
    [
      `?purl=${enc('not-a-purl')}`,
      'purl is not a valid package URL: not-a-purl',
    ],
    [
      `?package=libc6&ecosystem=deb&version=${enc('<2.36')}`,
      'version ranges cannot be judged for deb versions; give an exact version',
    ],
    [`?package=lodash&version=${enc('<4.17.21')}`, 'needs an ecosystem'],
    [
      `?package=lodash&ecosystem=npm&version=${enc('<<4')}`,
      'Invalid version range "<<4" for npm',
    ],
    [
      `?purl=${enc('pkg:npm/lodash')}&version=1.0.0`,
      'ecosystem and version go with package, not with purl',
    ],
    [
      `?vulnerability=${'A'.repeat(401)}`,
      'vulnerability is longer than 400 characters',
    ],
    [
      '?vulnerability=CVE-2021-44228&sort=severity',
      // The OpenAPI validator answers first, naming the parameter.
      'sort must be equal to one of the allowed values: entity, owner, matches',
    ],
    ['?vulnerability=CVE-2021-44228&limit=0', 'limit'],
    ['?vulnerability=CVE-2021-44228&cursor=bogus', 'Invalid cursor "bogus"'],
    ['?vulnerability=CVE-2021-44228&format=xml', 'format'],
    ['?package=lodash&package=express', 'package must be string'],
    ['?package=lodash%00', 'package contains a control character'],
  ])('answers 400 naming the problem for %s', async (query, message) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
  });

  it('exports one CSV row per match, neutralising formulas, for the readable entities only', async () => {
    decide = teamAOnly;
    const res = await get(
      `?package=lodash&format=csv&version=${enc('<4.17.21')}&ecosystem=npm`,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="impact-package-lodash.csv"',
    );
    const rows: string[][] = parse(res.text);
    expect(rows[0]).toEqual(IMPACT_CSV_COLUMNS);
    expect(
      rows.slice(1).map(r => [r[0], r[1], r[2], r[5], r[7], r[8], r[10]]),
    ).toEqual([
      [
        ref('a-1'),
        `'=HYPERLINK("https://evil")`,
        TEAM_A,
        'sbom',
        'lodash',
        '4.17.20',
        'false',
      ],
      [ref('a-3'), 'a-3', TEAM_A, 'sbom', 'lodash', '4.17.15', 'false'],
    ]);
    expect(res.text).toContain('\r\n');
  });

  it('exports CSV to a request that prefers text/csv', async () => {
    const res = await get('?purl=pkg:npm/express', 'text/csv');
    expect(res.status).toBe(200);
    expect(parse(res.text)).toHaveLength(1 + SERVICES.length);
  });
});
