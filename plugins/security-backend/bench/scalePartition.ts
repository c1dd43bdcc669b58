/*
 * Would hash partitioning of components by entity help at this size? A partitioned copy of
 * the table (PARTITION BY HASH (entity_ref), `partitions` partitions, the same indexes with the
 * primary key widened to (row_id, entity_ref) as PostgreSQL requires, the same foreign key or
 * report trigger) is
 * built, timed step by step, then swapped in for the real table by renaming, so the same code
 * paths run against each: the SBOM page of sampled entities (FindingsService), the impact
 * queries that read components (DatabaseImpactStore), and new uploads (ReportIngestionService).
 * The two tables take turns, twice, and the copy is dropped at the end.
 */
import type { Entity } from '@backstage/catalog-model';
import type { Knex } from 'knex';
import type { PostureStore } from '../src/database/PostureStore';
import type { BenchPackage } from './impactFleet';
import {
  impactQueryKinds,
  timeImpactQueries,
  type ImpactTiming,
} from './fleetImpactQueries';
import { measureIngest } from './scaleIngest';
import { measureReads } from './scaleReads';
import { spread, timed, type Spread } from './scaleStats';

const COPY = 'components_hash';
const PLAIN = 'components_plain';

/** Kinds whose answer is read from components. */
const COMPONENT_KINDS = [
  'purl with version',
  'purl without version',
  'package with a semver range',
];

export interface PartitionSide {
  sbomPage: Spread;
  impact: Array<{ kind: string; caller: string; median: number; p95: number }>;
  sbomIngest: Spread;
  scanIngest: Spread;
}

export interface PartitionResult {
  partitions: number;
  build: Array<{ step: string; seconds: number }>;
  plain: PartitionSide;
  partitioned: PartitionSide;
}

async function buildCopy(knex: Knex, partitions: number) {
  const build: PartitionResult['build'] = [];
  const step = async (name: string, sql: string) => {
    const [, took] = await timed(() => knex.raw(sql));
    build.push({ step: name, seconds: took / 1000 });
    console.log(`  partitioned copy, ${name}: ${(took / 1000).toFixed(1)} s`);
  };
  await knex.raw(`DROP TABLE IF EXISTS ${COPY}`);
  await knex.raw(
    `CREATE TABLE ${COPY} (LIKE components INCLUDING DEFAULTS)
     PARTITION BY HASH (entity_ref)`,
  );
  for (let i = 0; i < partitions; i++) {
    await knex.raw(
      `CREATE TABLE ${COPY}_${i} PARTITION OF ${COPY}
       FOR VALUES WITH (MODULUS ${partitions}, REMAINDER ${i})`,
    );
  }
  await step('copy the rows', `INSERT INTO ${COPY} SELECT * FROM components`);
  const { rows } = await knex.raw(
    `SELECT indexname, indexdef FROM pg_indexes
      WHERE schemaname = 'public' AND tablename = 'components'`,
  );
  for (const { indexname, indexdef } of rows as Array<Record<string, string>>) {
    if (indexname === 'components_pkey') {
      await step(
        'primary key (row_id, entity_ref)',
        `ALTER TABLE ${COPY} ADD CONSTRAINT ${COPY}_pkey PRIMARY KEY (row_id, entity_ref)`,
      );
      continue;
    }
    await step(
      `index ${indexname}`,
      indexdef
        .replace(`INDEX ${indexname} `, `INDEX ${indexname}_p `)
        .replace(' ON public.components ', ` ON public.${COPY} `),
    );
  }
  // What ties the rows to their report, as the migrations left it: a foreign key, or (since
  // 20270201120000 on PostgreSQL) a statement trigger checking inserted rows.
  const { rows: keys } = await knex.raw(
    `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE conrelid = 'components'::regclass AND contype = 'f'`,
  );
  for (const { conname, def } of keys as Array<Record<string, string>>) {
    await step(`foreign key ${conname}`, `ALTER TABLE ${COPY} ADD ${def}`);
  }
  const { rows: triggers } = await knex.raw(
    `SELECT tgname, pg_get_triggerdef(oid) AS def FROM pg_trigger
      WHERE tgrelid = 'components'::regclass AND NOT tgisinternal`,
  );
  for (const { tgname, def } of triggers as Array<Record<string, string>>) {
    await step(
      `trigger ${tgname}`,
      def
        .replace(`TRIGGER ${tgname} `, `TRIGGER ${tgname}_p `)
        .replace(' ON public.components ', ` ON public.${COPY} `),
    );
  }
  await step('ANALYZE', `ANALYZE ${COPY}`);
  return build;
}

/** Renames so that `components` is the partitioned copy (or back). */
async function swap(knex: Knex, partitioned: boolean) {
  await knex.transaction(async trx => {
    if (partitioned) {
      await trx.raw(`ALTER TABLE components RENAME TO ${PLAIN}`);
      await trx.raw(`ALTER TABLE ${COPY} RENAME TO components`);
    } else {
      await trx.raw(`ALTER TABLE components RENAME TO ${COPY}`);
      await trx.raw(`ALTER TABLE ${PLAIN} RENAME TO components`);
    }
  });
}

export async function measurePartitioning(options: {
  knex: Knex;
  store: PostureStore;
  catalog: BenchPackage[];
  entities: Entity[];
  fleetSize: number;
  partitions: number;
  /** Entities whose SBOM pages are read, per round. */
  readSamples: number[][];
  /** Entities that upload a new SBOM and scan, per round (each entity once in all). */
  ingestSamples: number[][];
}): Promise<PartitionResult> {
  const { knex, partitions } = options;
  const build = await buildCopy(knex, partitions);
  const kinds = impactQueryKinds(options.catalog, options.fleetSize).filter(k =>
    COMPONENT_KINDS.includes(k.kind),
  );
  const sides = {
    plain: {
      sbom: [] as number[],
      impact: [] as ImpactTiming[],
      sbomIngest: [] as number[],
      scanIngest: [] as number[],
    },
    partitioned: {
      sbom: [] as number[],
      impact: [] as ImpactTiming[],
      sbomIngest: [] as number[],
      scanIngest: [] as number[],
    },
  };
  try {
    for (let round = 0; round < 4; round++) {
      const partitioned = round % 2 === 1;
      const side = partitioned ? sides.partitioned : sides.plain;
      if (partitioned) await swap(knex, true);
      try {
        const reads = await measureReads({
          store: options.store,
          entities: options.entities,
          sample: options.readSamples[round],
        });
        side.sbom.push(...reads.sbomTimes);
        side.impact.push(...(await timeImpactQueries(knex, kinds)));
        const ingest = await measureIngest({
          knex,
          store: options.store,
          entities: options.entities,
          sample: options.ingestSamples[round],
        });
        side.sbomIngest.push(...ingest.sbomTimes);
        side.scanIngest.push(...ingest.scanTimes);
      } finally {
        if (partitioned) await swap(knex, false);
      }
      console.log(
        `  partitioning round ${round + 1} (${
          partitioned ? 'partitioned' : 'plain'
        }) done`,
      );
    }
  } finally {
    await knex.raw(`DROP TABLE IF EXISTS ${COPY}`);
  }
  const summarize = (side: (typeof sides)['plain']): PartitionSide => {
    const byKind = new Map<string, number[]>();
    for (const t of side.impact) {
      const key = `${t.kind}\u0000${t.caller}`;
      byKind.set(key, [...(byKind.get(key) ?? []), ...t.times]);
    }
    return {
      sbomPage: spread(side.sbom),
      impact: [...byKind].map(([key, times]) => {
        const [kind, caller] = key.split('\u0000');
        const s = spread(times);
        return { kind, caller, median: s.median, p95: s.p95 };
      }),
      sbomIngest: spread(side.sbomIngest),
      scanIngest: spread(side.scanIngest),
    };
  };
  return {
    partitions,
    build,
    plain: summarize(sides.plain),
    partitioned: summarize(sides.partitioned),
  };
}
