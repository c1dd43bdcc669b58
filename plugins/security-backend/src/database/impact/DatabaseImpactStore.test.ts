import {
  normalizeImageRepository,
  normalizePurl,
} from '@posture/backstage-plugin-security-common';
import type {
  ParsedComponent,
  ParsedReport,
  ParsedVulnerability,
} from '@posture/backstage-plugin-security-node';
import type { Knex } from 'knex';
import semver from 'semver';
import { createTestStore } from '../../__testUtils__/storeHarness';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { ALLOW_ALL, type EntityPredicate } from '../entityPredicate';
import { DatabaseImpactStore } from './DatabaseImpactStore';
import type { ImpactSort, ResolvedImpactQuery } from './ImpactStore';

/*
 * Hand-made reports stored through the real ingestion (so the purl columns and finding ids are
 * the ones uploads write), and entity facts as the fleet regrade records them.
 */

const LOG4J_PURL = 'pkg:maven/org.apache.logging.log4j/log4j-core';
const JACKSON_PURL = 'pkg:maven/com.fasterxml.jackson.core/jackson-databind';
const ref = (name: string) => `component:default/${name}`;
const team = (name: string) => `group:default/${name}`;

function finding(
  id: string,
  packageName: string,
  installedVersion: string,
  purl: string,
  extra: Partial<ParsedVulnerability> = {},
): ParsedVulnerability {
  return {
    id,
    severity: 'critical',
    packageName,
    installedVersion,
    fixedVersion: null,
    status: 'affected',
    cvssScore: 9.8,
    title: `${id} in ${packageName}`,
    url: null,
    publishedAt: null,
    target: 'Java',
    purl,
    ...extra,
  };
}

const component = (
  name: string,
  version: string,
  purl: string | null,
): ParsedComponent => ({ name, version, purl, type: 'library', licenses: [] });

function scan(
  image: string,
  vulnerabilities: ParsedVulnerability[],
  components: ParsedComponent[] = [],
): ParsedReport {
  return {
    format: 'trivy',
    artifact: {
      name: `${image}:1.0`,
      digests: [`${image}@sha256:${'a'.repeat(64)}`],
    },
    generatedAt: '2026-11-20T10:00:00.000Z',
    vulnerabilities,
    components,
    otherFindings: {},
  };
}

function sbom(image: string, components: ParsedComponent[]): ParsedReport {
  return {
    format: 'cyclonedx',
    artifact: { name: `${image}:1.0`, digests: [] },
    generatedAt: '2026-11-20T10:00:00.000Z',
    vulnerabilities: [],
    components,
    otherFindings: {},
  };
}

/** Entity name, owner, image and reports. */
const FLEET: Array<{
  name: string;
  owner: string | null;
  image: string;
  reports: ParsedReport[];
}> = [
  {
    // log4j 2.14.1 found by the scan and listed by the SBOM (with a shaded 2.12.1 besides);
    // lodash in the SBOM only.
    name: 'alpha',
    owner: team('team-a'),
    image: 'ghcr.io/acme/alpha',
    reports: [
      scan('ghcr.io/acme/alpha', [
        finding(
          'CVE-2021-44228',
          'org.apache.logging.log4j:log4j-core',
          '2.14.1',
          `${LOG4J_PURL}@2.14.1?type=jar`,
          { fixedVersion: '2.15.0, 2.12.2', aliases: ['GHSA-jfh8-c2jp-5v3q'] },
        ),
      ]),
      sbom('ghcr.io/acme/alpha', [
        component(
          'org.apache.logging.log4j:log4j-core',
          '2.14.1',
          `${LOG4J_PURL}@2.14.1`,
        ),
        component(
          'org.apache.logging.log4j:log4j-core',
          '2.12.1',
          `${LOG4J_PURL}@2.12.1`,
        ),
        component('lodash', '4.17.20', 'pkg:npm/lodash@4.17.20'),
      ]),
    ],
  },
  {
    // A fixed log4j, in the SBOM only.
    name: 'beta',
    owner: team('team-b'),
    image: 'ghcr.io/acme/beta',
    reports: [
      sbom('ghcr.io/acme/beta', [
        component(
          'org.apache.logging.log4j:log4j-core',
          '2.17.1',
          `${LOG4J_PURL}@2.17.1?type=jar`,
        ),
        component('Lodash', '4.17.21', 'pkg:npm/lodash@4.17.21'),
      ]),
    ],
  },
  {
    // The same vulnerability under its GHSA id (the CVE as alias), cleared by VEX below.
    name: 'gamma',
    owner: team('team-a'),
    image: 'ghcr.io/acme/gamma',
    reports: [
      scan('ghcr.io/acme/gamma', [
        finding(
          'GHSA-jfh8-c2jp-5v3q',
          'org.apache.logging.log4j:log4j-core',
          '2.16.0',
          `${LOG4J_PURL}@2.16.0`,
          { aliases: ['CVE-2021-44228'] },
        ),
        finding(
          'CVE-2024-0001',
          'django-rest-framework',
          '3.0',
          'pkg:pypi/Django_Rest.Framework@3.0',
        ),
      ]),
    ],
  },
  {
    // No owner; shares an image repository with epsilon.
    name: 'delta',
    owner: null,
    image: 'ghcr.io/acme/shared',
    reports: [
      sbom('ghcr.io/acme/shared', [
        component('lodash', '4.17.15', 'pkg:npm/lodash@4.17.15'),
      ]),
    ],
  },
  {
    name: 'epsilon',
    owner: team('team-b'),
    image: 'ghcr.io/acme/shared',
    reports: [
      sbom('ghcr.io/acme/shared', [
        component('express', '4.18.2', 'pkg:npm/express@4.18.2'),
      ]),
    ],
  },
  {
    // jackson-databind as a scan names it: group:artifact.
    name: 'zeta',
    owner: team('team-c'),
    image: 'ghcr.io/acme/zeta',
    reports: [
      scan('ghcr.io/acme/zeta', [
        finding(
          'CVE-2020-36518',
          'com.fasterxml.jackson.core:jackson-databind',
          '2.13.1',
          `${JACKSON_PURL}@2.13.1`,
        ),
      ]),
    ],
  },
  {
    // jackson-databind under its file's name: only the purl says which package it is.
    name: 'eta',
    owner: team('team-c'),
    image: 'ghcr.io/acme/eta',
    reports: [
      sbom('ghcr.io/acme/eta', [
        component(
          'jackson-databind-2.12.0.jar',
          '2.12.0',
          `${JACKSON_PURL}@2.12.0?type=jar`,
        ),
      ]),
    ],
  },
  {
    // Reports, but not yet recorded by the fleet regrade.
    name: 'unrecorded',
    owner: null,
    image: 'ghcr.io/acme/unrecorded',
    reports: [
      sbom('ghcr.io/acme/unrecorded', [
        component('lodash', '4.17.20', 'pkg:npm/lodash@4.17.20'),
      ]),
    ],
  },
];

/**
 * The query as the service's parser resolves it (ids upper case, names lower case, purls and
 * images normalised), with versions judged by plain semver: the parser and its per-ecosystem
 * rules have tests of their own.
 */
function resolve(
  params: Record<string, string | undefined>,
): ResolvedImpactQuery {
  if (params.vulnerability) {
    return { kind: 'vulnerability', id: params.vulnerability.toUpperCase() };
  }
  if (params.purl) {
    return { kind: 'purl', ...normalizePurl(params.purl)! };
  }
  if (params.image) {
    return {
      kind: 'image',
      repository: normalizeImageRepository(params.image),
    };
  }
  const range = params.version;
  return {
    kind: 'package',
    name: params.package!.toLowerCase(),
    ecosystem: params.ecosystem ?? null,
    versionMatches:
      range === undefined
        ? null
        : version => {
            const parsed = version === null ? null : semver.coerce(version);
            return parsed !== null && semver.satisfies(parsed, range);
          },
  };
}

const databases = createTestDatabases();

async function seed(databaseId: Parameters<typeof createTestStore>[1]) {
  const { knex, store } = await createTestStore(databases, databaseId);
  let n = 0;
  for (const entity of FLEET) {
    for (const report of entity.reports) {
      n += 1;
      await store.reports.replaceReport({
        write: {
          entityRef: ref(entity.name),
          artifact: entity.image,
          report,
          sha256: n.toString(16).padStart(64, '0'),
          document: '{}',
          uploadedBy: 'external:ci',
        },
        now: new Date('2026-11-21T00:00:00Z'),
      });
    }
  }
  await knex('posture_entities').insert(
    FLEET.filter(e => e.name !== 'unrecorded').map(e => ({
      entity_ref: ref(e.name),
      kind: 'component',
      namespace: 'default',
      name: e.name,
      title: e.name.toUpperCase(),
      owner_ref: e.owner,
      system_ref: e.name === 'alpha' ? 'system:default/shop' : null,
      lifecycle: 'production',
      policy: null,
      seen_at: new Date('2026-11-21T00:00:00Z'),
    })),
  );
  await knex('posture_titles').insert({
    entity_ref: team('team-a'),
    title: 'Team A',
  });
  await clearByVex(knex, ref('gamma'), 'GHSA-jfh8-c2jp-5v3q');
  return { knex, impact: new DatabaseImpactStore(knex) };
}

async function clearByVex(knex: Knex, entityRef: string, vulnId: string) {
  await knex('vulnerabilities')
    .where({ entity_ref: entityRef, vuln_id: vulnId })
    .update({ vex_status: 'not_affected' });
}

const ownedBy = (...owners: string[]): EntityPredicate => ({
  field: 'owner',
  values: owners,
});

describe.each(databases.eachSupportedId())('DatabaseImpactStore on %s', id => {
  let impact: DatabaseImpactStore;

  beforeAll(async () => {
    ({ impact } = await seed(id));
  }, 60_000);

  const query = (
    params: Record<string, string | undefined>,
    options: Partial<{
      predicate: EntityPredicate;
      sort: ImpactSort;
      order: 'asc' | 'desc';
      offset: number;
      limit: number;
    }> = {},
  ) =>
    impact.query({
      query: resolve(params),
      predicate: ALLOW_ALL,
      sort: 'entity',
      order: 'asc',
      offset: 0,
      limit: 50,
      ...options,
    });
  const refsOf = (result: Awaited<ReturnType<typeof query>>) =>
    result.items.map(i => i.entityRef);

  it('finds a vulnerability by id and by alias, in any case, and marks VEX-cleared findings', async () => {
    for (const vulnerability of [
      'CVE-2021-44228',
      'cve-2021-44228',
      'GHSA-JFH8-C2JP-5V3Q',
    ]) {
      const result = await query({ vulnerability });
      expect(refsOf(result)).toEqual([ref('alpha'), ref('gamma')]);
      expect(result.totalCount).toBe(2);
    }
    const result = await query({ vulnerability: 'CVE-2021-44228' });
    expect(result.items[0]).toEqual({
      entityRef: ref('alpha'),
      title: 'ALPHA',
      owner: team('team-a'),
      system: 'system:default/shop',
      lifecycle: 'production',
      matches: [
        {
          source: 'finding',
          id: 'CVE-2021-44228',
          packageName: 'org.apache.logging.log4j:log4j-core',
          installedVersion: '2.14.1',
          fixedVersion: '2.15.0, 2.12.2',
          fixAvailable: true,
          purl: `${LOG4J_PURL}@2.14.1?type=jar`,
          severity: 'critical',
          notAffected: false,
          artifact: 'ghcr.io/acme/alpha',
        },
      ],
    });
    expect(result.items[1].matches).toEqual([
      expect.objectContaining({
        id: 'GHSA-jfh8-c2jp-5v3q',
        installedVersion: '2.16.0',
        fixAvailable: false,
        notAffected: true,
      }),
    ]);
    expect(result.owners).toEqual([
      { ref: team('team-a'), title: 'Team A', entities: 2 },
    ]);
  });

  it('finds a package by name in any case, a finding and its SBOM component shown once', async () => {
    const result = await query({ package: 'LODASH' });
    expect(refsOf(result)).toEqual([
      ref('alpha'),
      ref('beta'),
      ref('delta'),
      ref('unrecorded'),
    ]);
    const log4j = await query({
      package: 'org.apache.logging.log4j:log4j-core',
    });
    expect(refsOf(log4j)).toEqual([ref('alpha'), ref('beta'), ref('gamma')]);
    // alpha's scan finding and SBOM component of 2.14.1 are one package: shown as the finding.
    expect(
      log4j.items[0].matches.map(m => [m.source, m.id, m.installedVersion]),
    ).toEqual([
      ['finding', 'CVE-2021-44228', '2.14.1'],
      ['sbom', null, '2.12.1'],
    ]);
    expect(log4j.items[1].matches).toEqual([
      expect.objectContaining({
        source: 'sbom',
        id: null,
        installedVersion: '2.17.1',
        fixAvailable: false,
        artifact: 'ghcr.io/acme/beta',
      }),
    ]);
  });

  it('matches the artifact id of a Maven package, and PyPI names the PEP 503 way, with an ecosystem', async () => {
    expect(
      refsOf(await query({ package: 'log4j-core', ecosystem: 'maven' })),
    ).toEqual([ref('alpha'), ref('beta'), ref('gamma')]);
    expect(
      refsOf(await query({ package: 'lodash', ecosystem: 'pypi' })),
    ).toEqual([]);
    expect(
      refsOf(
        await query({ package: 'Django_Rest.Framework', ecosystem: 'pypi' }),
      ),
    ).toEqual([ref('gamma')]);
  });

  it('matches a bare package name on the purl name without an ecosystem: Maven artifacts, PyPI the PEP 503 way', async () => {
    expect(refsOf(await query({ package: 'log4j-core' }))).toEqual([
      ref('alpha'),
      ref('beta'),
      ref('gamma'),
    ]);
    // A finding named group:artifact and a component named after its file, both by the purl.
    const jackson = await query({ package: 'Jackson-Databind' });
    expect(refsOf(jackson)).toEqual([ref('eta'), ref('zeta')]);
    expect(jackson.items.map(i => i.matches)).toEqual([
      [
        expect.objectContaining({
          source: 'sbom',
          packageName: 'jackson-databind-2.12.0.jar',
          installedVersion: '2.12.0',
          purl: `${JACKSON_PURL}@2.12.0?type=jar`,
        }),
      ],
      [
        expect.objectContaining({
          source: 'finding',
          id: 'CVE-2020-36518',
          packageName: 'com.fasterxml.jackson.core:jackson-databind',
          installedVersion: '2.13.1',
        }),
      ],
    ]);
    expect(jackson.owners).toEqual([
      { ref: team('team-c'), title: 'team-c', entities: 2 },
    ]);
    expect(
      refsOf(await query({ package: 'jackson-databind', version: '2.12.0' })),
    ).toEqual([ref('eta')]);
    expect(
      await impact.affectedEntities({
        query: resolve({ package: 'jackson-databind' }),
      }),
    ).toEqual([ref('eta'), ref('zeta')]);
    // The name as listed still matches; part of a name does not.
    expect(
      refsOf(
        await query({ package: 'com.fasterxml.jackson.core:jackson-databind' }),
      ),
    ).toEqual([ref('zeta')]);
    expect(refsOf(await query({ package: 'jackson' }))).toEqual([]);
    // PEP 503 folds `_` and `.` for PyPI purls only.
    expect(refsOf(await query({ package: 'Django_Rest.Framework' }))).toEqual([
      ref('gamma'),
    ]);
    expect(refsOf(await query({ package: 'log4j_core' }))).toEqual([]);
  });

  it('judges a version range after narrowing by name, with exact counts', async () => {
    const below = await query({
      package: 'log4j-core',
      ecosystem: 'maven',
      version: '<2.17.0',
    });
    expect(refsOf(below)).toEqual([ref('alpha'), ref('gamma')]);
    expect(below.totalCount).toBe(2);
    expect(below.owners).toEqual([
      { ref: team('team-a'), title: 'Team A', entities: 2 },
    ]);
    const lodash = await query(
      { package: 'lodash', ecosystem: 'npm', version: '<4.17.21' },
      { predicate: ownedBy(team('team-a'), team('team-b')) },
    );
    expect(refsOf(lodash)).toEqual([ref('alpha')]);
    expect(lodash.totalCount).toBe(1);
    const exact = await query({ package: 'lodash', version: '4.17.21' });
    expect(refsOf(exact)).toEqual([ref('beta')]);
  });

  it('finds a purl with and without qualifiers and version alike', async () => {
    const plain = await query({ purl: LOG4J_PURL });
    expect(refsOf(plain)).toEqual([ref('alpha'), ref('beta'), ref('gamma')]);
    expect(
      refsOf(await query({ purl: `${LOG4J_PURL}?type=jar&classifier=x` })),
    ).toEqual(refsOf(plain));
    expect(
      refsOf(
        await query({ purl: 'pkg:MAVEN/Org.Apache.Logging.Log4j/Log4j-Core' }),
      ),
    ).toEqual(refsOf(plain));
    const versioned = await query({ purl: `${LOG4J_PURL}@2.14.1` });
    expect(refsOf(versioned)).toEqual([ref('alpha')]);
    expect(
      refsOf(await query({ purl: `${LOG4J_PURL}@2.14.1?type=jar#sub` })),
    ).toEqual([ref('alpha')]);
    expect(refsOf(await query({ purl: 'pkg:npm/lodash' }))).toEqual([
      ref('alpha'),
      ref('beta'),
      ref('delta'),
      ref('unrecorded'),
    ]);
  });

  it('finds an image repository whatever its tag', async () => {
    const result = await query({ image: 'ghcr.io/acme/shared:2.0' });
    expect(refsOf(result)).toEqual([ref('delta'), ref('epsilon')]);
    expect(result.items[0].matches).toEqual([
      expect.objectContaining({
        source: 'image',
        packageName: 'ghcr.io/acme/shared',
        artifact: 'ghcr.io/acme/shared',
      }),
    ]);
  });

  it('answers only the entities the predicate allows, counts included; unrecorded entities only to allow-all', async () => {
    const allowed = await query(
      { package: 'lodash' },
      { predicate: ownedBy(team('team-b')) },
    );
    expect(refsOf(allowed)).toEqual([ref('beta')]);
    expect(allowed.totalCount).toBe(1);
    expect(allowed.owners).toEqual([
      { ref: team('team-b'), title: 'team-b', entities: 1 },
    ]);

    const everything = await query({ package: 'lodash' });
    expect(everything.totalCount).toBe(4);
    expect(everything.owners).toEqual([
      { ref: null, title: 'No owner', entities: 2 },
      { ref: team('team-a'), title: 'Team A', entities: 1 },
      { ref: team('team-b'), title: 'team-b', entities: 1 },
    ]);
    expect(
      everything.items.find(i => i.entityRef === ref('unrecorded')),
    ).toMatchObject({
      title: 'unrecorded',
      owner: null,
    });

    const none = await query(
      { package: 'lodash' },
      { predicate: { const: false } },
    );
    expect(none).toEqual({ items: [], totalCount: 0, owners: [] });
    const notTeamA = await query(
      { package: 'lodash' },
      { predicate: { not: ownedBy(team('team-a')) } },
    );
    // delta has no owner: "not owned by team-a" includes it; unrecorded has no facts at all.
    expect(refsOf(notTeamA)).toEqual([ref('beta'), ref('delta')]);
  });

  it.each([
    ['entity', 'asc', ['alpha', 'beta', 'delta', 'unrecorded']],
    ['entity', 'desc', ['unrecorded', 'delta', 'beta', 'alpha']],
    ['owner', 'asc', ['alpha', 'beta', 'delta', 'unrecorded']],
    ['owner', 'desc', ['beta', 'alpha', 'delta', 'unrecorded']],
  ] as const)(
    'sorts by %s %s and pages without overlap',
    async (sort, order, names) => {
      for (const params of [
        { package: 'lodash' },
        { package: 'lodash', ecosystem: 'npm', version: '>=1.0.0' },
      ]) {
        const pages: string[] = [];
        for (let offset = 0; offset < 4; offset += 3) {
          const page = await query(params, { sort, order, offset, limit: 3 });
          expect(page.totalCount).toBe(4);
          pages.push(...refsOf(page));
        }
        expect(pages).toEqual(names.map(ref));
      }
    },
  );

  it('sorts by number of matches, most first by default, ties by entity', async () => {
    for (const params of [
      { purl: LOG4J_PURL },
      { package: 'log4j-core', ecosystem: 'maven', version: '>=0' },
    ]) {
      const desc = await query(params, { sort: 'matches', order: 'desc' });
      expect(refsOf(desc)).toEqual([ref('alpha'), ref('beta'), ref('gamma')]);
      expect(desc.items.map(i => i.matches.length)).toEqual([2, 1, 1]);
      const asc = await query(params, { sort: 'matches', order: 'asc' });
      expect(refsOf(asc)).toEqual([ref('beta'), ref('gamma'), ref('alpha')]);
    }
  });

  it('takes names, ids and purls literally: SQL wildcards and quotes match nothing', async () => {
    for (const params of [
      { package: 'lodas%' },
      { package: 'l_dash' },
      { package: "lodash' OR '1'='1" },
      { vulnerability: "CVE-2021-44228' OR '1'='1" },
      { vulnerability: 'CVE-2021-%' },
      { purl: 'pkg:npm/lod%25' },
      { image: 'ghcr.io/acme/%' },
      { package: 'lodash', ecosystem: "npm' OR '1'='1" },
    ]) {
      expect(await query(params)).toEqual({
        items: [],
        totalCount: 0,
        owners: [],
      });
    }
  });

  it('lists affected entities for campaigns: VEX-cleared findings do not count, SBOM components do', async () => {
    const affected = (params: Record<string, string>, entityRefs?: string[]) =>
      impact.affectedEntities({ query: resolve(params), entityRefs });
    expect(await affected({ vulnerability: 'CVE-2021-44228' })).toEqual([
      ref('alpha'),
    ]);
    expect(
      await affected({
        package: 'log4j-core',
        ecosystem: 'maven',
        version: '<2.17.0',
      }),
    ).toEqual([ref('alpha')]);
    expect(await affected({ package: 'lodash' })).toEqual([
      ref('alpha'),
      ref('beta'),
      ref('delta'),
      ref('unrecorded'),
    ]);
    expect(
      await affected({ package: 'lodash' }, [ref('beta'), ref('epsilon')]),
    ).toEqual([ref('beta')]);
    expect(await affected({ package: 'lodash' }, [])).toEqual([]);
    expect(await affected({ image: 'ghcr.io/acme/shared' })).toEqual([
      ref('delta'),
      ref('epsilon'),
    ]);
  });
});
