/*
 * The fleet-wide passes at fleet size:
 *   - the daily regrade + snapshot (FleetRegrade.run with its default batches of 500: catalog
 *     walk, facts, every summary regraded, today's snapshots and rollups, retention), timed;
 *   - the recount after a KEV or EPSS load (DatabaseSummaryStore.refreshFindings: each entity
 *     recounted and regraded in its own write lock), over a sample of entities, whose
 *     recounted vulnerabilities sections must equal the generated ones (a check of the
 *     generator against the real code).
 */
import type { Entity } from '@backstage/catalog-model';
import { DEFAULT_POLICY_SET } from '@posture/backstage-plugin-security-common';
import { isDeepStrictEqual } from 'node:util';
import type { Knex } from 'knex';
import type { DatabaseFleetStore } from '../src/database/DatabaseFleetStore';
import type { PostureStore } from '../src/database/PostureStore';
import {
  FleetRegrade,
  type FleetRegradeResult,
} from '../src/service/fleet/FleetRegrade';
import { entityRef } from './impactFleet';
import { quietLogger, serviceAuth, standInCatalog } from './scaleStandIns';
import type { CpuMeter } from './scaleCpu';
import { timed } from './scaleStats';

export interface RegradeRun {
  run: string;
  seconds: number;
  /** CPU seconds of this process and its connections (see CpuMeter). */
  cpuSeconds?: number;
  entitiesPerSecond: number;
  summaries: number;
  written: number;
  snapshots: number;
  expiredHistory: number;
}

export function fleetRegrade(options: {
  fleetStore: DatabaseFleetStore;
  entities: Entity[];
}): FleetRegrade {
  return new FleetRegrade({
    store: options.fleetStore,
    catalog: standInCatalog(options.entities),
    auth: serviceAuth,
    logger: quietLogger,
    policies: DEFAULT_POLICY_SET,
    entityKinds: ['component'],
  });
}

export async function measureRegrade(
  regrade: FleetRegrade,
  run: string,
  now: Date,
  cpu?: CpuMeter,
): Promise<RegradeRun> {
  const cpuStart = cpu?.now() ?? 0;
  const [result, took]: [FleetRegradeResult, number] = await timed(() =>
    regrade.run({ now }),
  );
  const cpuMs = (cpu?.now() ?? 0) - cpuStart;
  console.log(
    `  regrade, ${run}: ${(took / 1000).toFixed(1)} s, ${
      result.written
    } written`,
  );
  return {
    run,
    seconds: took / 1000,
    ...(cpu ? { cpuSeconds: cpuMs / 1000 } : {}),
    entitiesPerSecond: result.summaries / (took / 1000),
    summaries: result.summaries,
    written: result.written,
    snapshots: result.snapshots,
    expiredHistory: result.expired.history,
  };
}

export interface RefreshResult {
  entities: number;
  seconds: number;
  msPerEntity: number;
  /** CPU milliseconds per entity (see CpuMeter). */
  cpuMsPerEntity?: number;
  /** Sampled entities whose recounted section differs from the generated one (expect 0). */
  mismatches: number;
}

export async function measureRefresh(options: {
  knex: Knex;
  store: PostureStore;
  sample: number[];
  now: Date;
  cpu?: CpuMeter;
}): Promise<RefreshResult> {
  const { knex, store, sample, now, cpu } = options;
  const refs = sample.map(entityRef);
  const before = await sections(knex, refs);
  const cpuStart = cpu?.now() ?? 0;
  const [rewritten, took] = await timed(() =>
    store.summaries.refreshFindings({ now, entityRefs: refs }),
  );
  const cpuMs = (cpu?.now() ?? 0) - cpuStart;
  const after = await sections(knex, refs);
  let mismatches = 0;
  for (const ref of refs) {
    if (!isDeepStrictEqual(before.get(ref), after.get(ref))) {
      mismatches++;
      if (mismatches <= 3) {
        console.warn(
          `  ${ref}: generated ${JSON.stringify(
            before.get(ref),
          )}, recounted ${JSON.stringify(after.get(ref))}`,
        );
      }
    }
  }
  return {
    entities: rewritten,
    seconds: took / 1000,
    msPerEntity: took / rewritten,
    ...(cpu ? { cpuMsPerEntity: cpuMs / rewritten } : {}),
    mismatches,
  };
}

async function sections(knex: Knex, refs: string[]) {
  const rows: Array<{ entity_ref: string; vulnerabilities: string | null }> =
    await knex('entity_posture')
      .whereIn('entity_ref', refs)
      .select('entity_ref', 'vulnerabilities');
  return new Map(
    rows.map(r => [
      r.entity_ref,
      r.vulnerabilities === null ? null : JSON.parse(r.vulnerabilities),
    ]),
  );
}
