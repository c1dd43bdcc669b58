/*
 * yarn bench:scorecards — the fleet view at 10,000 entities on PostgreSQL, through the real
 * code: a generated organisation (1 root, 10 departments, 100 teams; 500 systems in 20
 * domains; POSTURE_BENCH_ENTITIES components, default 10,000) walked by the daily regrade
 * (FleetRegrade, with a stand-in catalog), what uploads would have stored (a scan of 10
 * findings each, SBOMs, signatures, Vault secret ages, exemptions) and POSTURE_BENCH_DAYS days
 * of history (default 400) written with set-based SQL, plus their rollups. Prints:
 *   - the daily regrade + snapshot of every entity (the first, grading all; then the next day's),
 *   - GET /v1/scorecards by owner, system and domain (ScorecardsService, an allow-all
 *     permission stand-in): median of POSTURE_BENCH_CALLS calls (20), target < 200 ms; also a
 *     drill-down, a filtered view and an "owners only" caller, which read the snapshots,
 *   - one entity's history (HistoryService without the catalog and permission round trips,
 *     which bench:reads measures): median, target < 50 ms,
 *   - the CSV export of all entities to a byte counter, with peak RSS sampled every 5 ms.
 * Creates and drops the database posture_bench_scorecards at POSTURE_BENCH_PG (default
 * postgresql://postgres@127.0.0.1:5432); POSTURE_BENCH_KEEP=1 keeps it for a look.
 */
import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { DEFAULT_POLICY_SET } from '@posture/backstage-plugin-security-common';
import knexFactory, { type Knex } from 'knex';
import { DateTime } from 'luxon';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  PG_URL,
  trackPeakRss,
} from '../../plugins/security-backend/bench/benchEngines';
import { DatabaseFleetStore } from '../../plugins/security-backend/src/database/DatabaseFleetStore';
import { DatabasePostureStore } from '../../plugins/security-backend/src/database/DatabasePostureStore';
import { ScorecardReader } from '../../plugins/security-backend/src/database/scorecardQueries';
import type { EntityAccess } from '../../plugins/security-backend/src/service/EntityAccess';
import { FleetRegrade } from '../../plugins/security-backend/src/service/fleet/FleetRegrade';
import { readCatalogFacts } from '../../plugins/security-backend/src/service/fleet/catalogFacts';
import { HistoryService } from '../../plugins/security-backend/src/service/HistoryService';
import { ReadableEntitiesResolver } from '../../plugins/security-backend/src/service/scorecards/readableEntities';
import { parseScorecardQuery } from '../../plugins/security-backend/src/service/scorecards/scorecardQuery';
import { ScorecardsService } from '../../plugins/security-backend/src/service/scorecards/ScorecardsService';
import {
  catalogEntities,
  departmentName,
  entityName,
  fillHistory,
  fillPosture,
} from '../../plugins/security-backend/bench/scorecardsFleet';

const ENTITIES = Number(process.env.POSTURE_BENCH_ENTITIES ?? 10_000);
const DAYS = Number(process.env.POSTURE_BENCH_DAYS ?? 400);
const CALLS = Number(process.env.POSTURE_BENCH_CALLS ?? 20);
const DATABASE = 'posture_bench_scorecards';

const credentials = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'user', userEntityRef: 'user:default/bench' },
} as unknown as BackstageCredentials;

const logger: LoggerService = {
  info: () => {},
  debug: () => {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
  child: () => logger,
};

/** The catalog stand-in the regrade walks: only streamEntities, a page of 500 at a time. */
function standInCatalog(entities: Entity[]): CatalogService {
  return {
    async *streamEntities() {
      for (let i = 0; i < entities.length; i += 500) {
        yield entities.slice(i, i + 500);
      }
    },
  } as unknown as CatalogService;
}

const serviceAuth = {
  getOwnServiceCredentials: async () => ({
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'service', subject: 'plugin:security' },
  }),
} as unknown as AuthService;

function permissionsAnswering(
  decide: (permission: string) => PolicyDecision,
): PermissionsService {
  return {
    authorizeConditional: async (
      requests: Array<{ permission: { name: string } }>,
    ) => requests.map(r => decide(r.permission.name)),
  } as unknown as PermissionsService;
}

async function recreateDatabase(create: boolean) {
  const admin = knexFactory({ client: 'pg', connection: PG_URL });
  try {
    await admin.raw(`DROP DATABASE IF EXISTS ${DATABASE}`);
    if (create) await admin.raw(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.destroy();
  }
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await work();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

/** Median and slowest of `calls` sequential runs, after one warm-up. */
async function median(calls: number, work: () => Promise<unknown>) {
  await work();
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    times.push((await timed(work))[1]);
  }
  times.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)],
    max: times[times.length - 1],
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main() {
  await recreateDatabase(true);
  const knex: Knex = knexFactory({
    client: 'pg',
    connection: `${PG_URL}/${DATABASE}`,
  });
  try {
    await run(knex);
  } finally {
    await knex.destroy();
    if (!process.env.POSTURE_BENCH_KEEP) await recreateDatabase(false);
  }
}

async function run(knex: Knex) {
  const database = {
    getClient: async () => knex,
    migrations: { skip: false },
  } as any;
  await DatabasePostureStore.create({ database });
  const fleetStore = await DatabaseFleetStore.create({ database });
  const now = new Date();
  const today = DateTime.fromJSDate(now, { zone: 'utc' }).toISODate()!;
  const catalog = standInCatalog(catalogEntities(ENTITIES));
  console.log(
    `PostgreSQL ${PG_URL}/${DATABASE}: ${ENTITIES} entities, ${DAYS} days of history`,
  );

  // 1. The fleet as it stands before today's regrade.
  const setup: Array<Record<string, string>> = [];
  const step = async (what: string, work: () => Promise<unknown>) => {
    const [result, took] = await timed(work);
    setup.push({ step: what, time: ms(took), rows: String(result ?? '') });
  };
  await step('catalog facts and group tree', async () => {
    const facts = await readCatalogFacts({
      catalog,
      credentials: await serviceAuth.getOwnServiceCredentials(),
      kinds: ['component'],
    });
    await fleetStore.replaceFacts({ ...facts, seenAt: now });
    return facts.entities.length;
  });
  await step('reports, findings, secrets, summaries', () =>
    fillPosture(knex, now),
  );
  await step('history (generate_series)', () => fillHistory(knex, today, DAYS));
  const from = DateTime.fromISO(today).minus({ days: DAYS }).toISODate()!;
  const yesterday = DateTime.fromISO(today).minus({ days: 1 }).toISODate()!;
  await step('rollups of those days', () =>
    fleetStore.rebuildRollups({ from, to: yesterday }),
  );
  await step('ANALYZE', async () => {
    await knex.raw('ANALYZE');
  });
  console.table(setup);

  // 2. The daily regrade + snapshot of every entity.
  const regrade = new FleetRegrade({
    store: fleetStore,
    catalog,
    auth: serviceAuth,
    logger,
    policies: DEFAULT_POLICY_SET,
    entityKinds: ['component'],
  });
  const [first, firstMs] = await timed(() => regrade.run({ now }));
  await knex.raw('ANALYZE');
  const fleetNow = await new ScorecardReader(knex).trendFromRollups({
    groupBy: 'owner',
    fromDay: today,
  });
  console.log('grades after the regrade:', fleetNow[0]);

  // 3. Scorecard reads.
  const scorecards = (decide: (permission: string) => PolicyDecision) =>
    new ScorecardsService({
      reader: new ScorecardReader(knex),
      readable: new ReadableEntitiesResolver({
        permissions: permissionsAnswering(decide),
        logger,
      }),
      now: () => now,
    });
  const allowAll = scorecards(() => ({ result: AuthorizeResult.ALLOW }));
  const ownersOnly = scorecards(permission =>
    permission === 'security.posture.read'
      ? {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: 'catalog-entity',
          conditions: {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: { claims: ['group:default/team-042'] },
          },
        }
      : { result: AuthorizeResult.ALLOW },
  );
  const views: Array<[string, ScorecardsService, Record<string, string>]> = [
    ['by owner (top level)', allowAll, { groupBy: 'owner' }],
    ['by system', allowAll, { groupBy: 'system' }],
    ['by domain', allowAll, { groupBy: 'domain' }],
    [
      'a department (drill-down)',
      allowAll,
      { group: `group:default/${departmentName(3)}` },
    ],
    ['by owner, grade=F (snapshots)', allowAll, { grade: 'F' }],
    ['by owner, one team may read (snapshots)', ownersOnly, {}],
  ];
  const reads: Array<Record<string, string>> = [];
  for (const [view, service, query] of views) {
    const parsed = parseScorecardQuery(query);
    const sample = await service.getPage(parsed, credentials);
    const { median: m, max } = await median(CALLS, () =>
      service.getPage(parsed, credentials),
    );
    reads.push({
      read: `scorecards ${view}`,
      median: ms(m),
      slowest: ms(max),
      answer: `${sample.groups.length} groups, ${sample.totalEntities} entities, ${sample.trend.length} days`,
    });
  }

  const history = new HistoryService({
    access: {
      authorizeRead: async (name: {
        kind: string;
        namespace: string;
        name: string;
      }) => ({
        entityRef: `${name.kind}:${name.namespace}/${name.name}`,
      }),
    } as unknown as EntityAccess,
    store: fleetStore,
    now: () => now,
  });
  for (const days of [90, 400]) {
    const name = {
      kind: 'component',
      namespace: 'default',
      name: entityName(Math.min(4242, ENTITIES)),
    };
    const sample = await history.getHistory(name, days, credentials);
    const { median: m, max } = await median(CALLS, () =>
      history.getHistory(name, days, credentials),
    );
    reads.push({
      read: `one entity's history, ${days} days`,
      median: ms(m),
      slowest: ms(max),
      answer: `${sample.items.length} days`,
    });
  }
  console.table(reads);

  // 4. The CSV export of every entity: time, size and the process's peak memory.
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  const memory = trackPeakRss();
  let bytes = 0;
  let lines = 0;
  const [, exportMs] = await timed(async () => {
    const { body } = await allowAll.exportCsv(
      parseScorecardQuery({ format: 'csv' }),
      credentials,
    );
    await pipeline(
      body,
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          for (const byte of chunk) if (byte === 10) lines++;
          done();
        },
      }),
    );
  });
  const peak = memory.stop();
  console.table([
    {
      export: `CSV, ${lines - 1} entities`,
      time: ms(exportMs),
      size: mb(bytes),
      'RSS before': mb(baseline),
      'peak RSS': mb(peak),
      growth: mb(peak - baseline),
    },
  ]);

  // 5. The next day's regrade: what a normal day costs (scan and secret ages move on).
  const tomorrow = new Date(now.getTime() + 86_400_000);
  const [second, secondMs] = await timed(() => regrade.run({ now: tomorrow }));
  console.table(
    [
      ['first (grades every entity)', first, firstMs],
      ['next day', second, secondMs],
    ].map(([run, r, took]: any) => ({
      'daily regrade + snapshot': run,
      time: ms(took),
      summaries: r.summaries,
      written: r.written,
      unchanged: r.unchanged,
      snapshots: r.snapshots,
      'expired history rows': r.expired.history,
    })),
  );
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
