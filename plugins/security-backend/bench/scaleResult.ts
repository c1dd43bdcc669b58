/** What one fleet size of `yarn bench:scale` measured, as written to its JSON file. */
import type { ImpactTiming } from './fleetImpactQueries';
import type { IngestResult } from './scaleIngest';
import type { PartitionResult } from './scalePartition';
import type { ReadsResult } from './scaleReads';
import type { RefreshResult, RegradeRun } from './scaleRegrade';
import type { ScorecardRead } from './scaleScorecards';
import type { SizesResult, VacuumRun } from './scaleSizes';
import { spread, type Spread } from './scaleStats';

export interface ImpactRead {
  kind: string;
  caller: string;
  ms: Spread;
  minAffected: number;
  maxAffected: number;
}

export interface ScaleResult {
  entities: number;
  components: number;
  findings: number;
  machine: {
    cores: number;
    cpu: string;
    memoryGb: number;
    node: string;
    postgres: string;
    settings: Record<string, string>;
  };
  commit: string;
  /** The last migration the database ran. */
  migration: string;
  migrations: Array<{ name: string; committed: boolean }>;
  startedAt: string;
  /** 1-minute load average at the start and end of each phase. */
  load: Record<string, [number, number]>;
  generation: Array<{ step: string; seconds: number; rows?: number }>;
  sizes: SizesResult;
  regrade: RegradeRun[];
  reads: ReadsResult;
  scorecards: ScorecardRead[];
  impact: ImpactRead[];
  /** The same fleet-wide reads with session settings changed (e.g. jit=off), per variant. */
  tuned: Array<{
    settings: string;
    scorecards: ScorecardRead[];
    impact: ImpactRead[];
  }>;
  refresh: RefreshResult;
  ingest: IngestResult;
  vacuum: VacuumRun[];
  partitioning?: PartitionResult;
}

export function impactReads(timings: ImpactTiming[]): ImpactRead[] {
  return timings.map(t => ({
    kind: t.kind,
    caller: t.caller,
    ms: spread(t.times),
    minAffected: Math.min(...t.totals),
    maxAffected: Math.max(...t.totals),
  }));
}
