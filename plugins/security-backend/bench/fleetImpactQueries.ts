/*
 * The impact queries both `yarn bench:impact` and `yarn bench:scale` time against the generated
 * fleet of impactFleet.ts: 20 values per kind (CVE, purl with and without a version, an npm
 * package with a semver range, an image), spread from the most popular package to the tail,
 * asked through the real query parsing (parseImpactRequest) and the real store
 * (DatabaseImpactStore) for a caller who may read everything and one allowed 20 of the 100
 * teams' entities (the read permission's condition, applied in SQL).
 */
import type { Knex } from 'knex';
import { DatabaseImpactStore } from '../src/database/impact/DatabaseImpactStore';
import {
  ALLOW_ALL,
  type EntityPredicate,
} from '../src/database/entityPredicate';
import type { ResolvedImpactQuery } from '../src/database/impact/ImpactStore';
import { parseImpactRequest } from '../src/service/impact/parseImpactQuery';
import {
  cvesOf,
  firstFixedIndex,
  serviceImage,
  sidecarImage,
  teamRef,
  type BenchPackage,
} from './impactFleet';

export const QUERIES_PER_KIND = 20;

/** `count` package ranks from the most popular to the tail, spread evenly on a log scale. */
function spreadRanks(candidates: number[], count = QUERIES_PER_KIND): number[] {
  const picked: number[] = [];
  for (let i = 0; i < count; i++) {
    const target = Math.exp((Math.log(candidates.length) * i) / (count - 1));
    let index = Math.min(candidates.length - 1, Math.round(target) - 1);
    while (
      picked.includes(candidates[index]) &&
      index < candidates.length - 1
    ) {
      index++;
    }
    picked.push(candidates[index]);
  }
  return picked;
}

export interface QueryKind {
  kind: string;
  params: Array<Record<string, string>>;
}

/** The query values of each kind, for a fleet of `entities` services over `catalog`. */
export function impactQueryKinds(
  catalog: BenchPackage[],
  entities: number,
): QueryKind[] {
  const all = catalog.map(p => p.p);
  const spread = spreadRanks(all).map(p => catalog[p - 1]);
  // Packages with findings: vulnerable, with at least one affected version.
  const vulnerable = spreadRanks(
    all.filter(p => cvesOf(p).length > 0 && catalog[p - 1].versions.length > 1),
  ).map(p => catalog[p - 1]);
  const semver = spreadRanks(
    all.filter(
      p => catalog[p - 1].type === 'npm' && catalog[p - 1].versions.length > 1,
    ),
  ).map(p => catalog[p - 1]);
  const half = QUERIES_PER_KIND / 2;
  return [
    {
      kind: 'CVE',
      params: vulnerable.map(p => ({ vulnerability: cvesOf(p.p)[0] })),
    },
    {
      kind: 'purl with version',
      params: spread.map(p => ({
        purl: `${p.purlBase}@${p.versions[p.versions.length - 1]}${p.purlTail}`,
      })),
    },
    {
      kind: 'purl without version',
      params: spread.map(p => ({ purl: `${p.purlBase}${p.purlTail}` })),
    },
    {
      kind: 'package with a semver range',
      params: semver.map(p => ({
        package: p.name,
        ecosystem: 'npm',
        version: `<${p.versions[firstFixedIndex(p.versions.length)]}`,
      })),
    },
    {
      kind: 'image',
      params: [
        ...Array.from({ length: half }, (_, i) => ({
          image: `${serviceImage(1 + Math.floor((i * entities) / half))}:1.0`,
        })),
        ...Array.from({ length: half }, (_, i) => ({
          image: sidecarImage(1 + i * 5),
        })),
      ],
    },
  ];
}

/** The restricted caller: the entities of 20 of the 100 teams (every fifth). */
export const TWENTY_TEAMS: EntityPredicate = {
  field: 'owner',
  values: Array.from({ length: 20 }, (_, i) => teamRef(1 + i * 5)),
};

export const IMPACT_CALLERS: Array<[string, EntityPredicate]> = [
  ['everything', ALLOW_ALL],
  ['20 of 100 teams', TWENTY_TEAMS],
];

export interface ImpactTiming {
  kind: string;
  caller: string;
  /** Milliseconds of each query, sorted. */
  times: number[];
  /** totalCount (affected entities the caller may read) of each query. */
  totals: number[];
  /** Mean CPU milliseconds per query, warm-up excluded, when a meter was given. */
  cpuMs?: number;
}

/** The first page of 50 by owner, as the impact page asks; each kind after one warm-up. */
export async function timeImpactQueries(
  knex: Knex,
  kinds: QueryKind[],
  onKind?: (timing: ImpactTiming) => void,
  cpu?: { now(): number },
): Promise<ImpactTiming[]> {
  const store = new DatabaseImpactStore(knex);
  const timings: ImpactTiming[] = [];
  for (const { kind, params } of kinds) {
    const queries: ResolvedImpactQuery[] = params.map(
      p => parseImpactRequest(p).resolved,
    );
    for (const [caller, predicate] of IMPACT_CALLERS) {
      const run = (query: ResolvedImpactQuery) =>
        store.query({
          query,
          predicate,
          sort: 'owner',
          order: 'asc',
          offset: 0,
          limit: 50,
        });
      await run(queries[0]); // warm-up
      const times: number[] = [];
      const totals: number[] = [];
      const cpuStart = cpu?.now();
      for (const query of queries) {
        const start = process.hrtime.bigint();
        const result = await run(query);
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
        totals.push(result.totalCount);
      }
      times.sort((a, b) => a - b);
      const timing: ImpactTiming = { kind, caller, times, totals };
      if (cpu && cpuStart !== undefined) {
        timing.cpuMs = (cpu.now() - cpuStart) / queries.length;
      }
      timings.push(timing);
      onKind?.(timing);
    }
  }
  return timings;
}
