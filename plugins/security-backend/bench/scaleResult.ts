/** What one fleet size of `yarn bench:scale` measured, as written to its JSON file. */
import type { ImpactTiming } from './fleetImpactQueries';
import type { HistoryIndexResult } from './scaleHistoryIndex';
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
  /** `git status --porcelain` of the measured code's files at the end of the run. */
  uncommitted: string[];
  /** The last migration the database ran. */
  migration: string;
  migrations: Array<{ name: string; committed: boolean }>;
  startedAt: string;
  /** When the fleet was generated: earlier than startedAt when an existing one was reused. */
  generatedAt: string;
  reused: boolean;
  /** DatabasePostureStore.create on this database: the migrations it ran (an upgrade when reused). */
  startup: { seconds: number; migrationsRun: string[] };
  /** 1-minute load average at the start and end of each phase. */
  load: Record<string, [number, number]>;
  generation: Array<{ step: string; seconds: number; rows?: number }>;
  sizes: SizesResult;
  regrade: RegradeRun[];
  /** VACUUM ANALYZE of the tables the first regrade rewrote, before the reads (absent before). */
  settle?: VacuumRun[];
  reads: ReadsResult;
  scorecards: ScorecardRead[];
  impact: ImpactRead[];
  /** The same fleet-wide reads with session settings changed (e.g. jit=off), per variant. */
  tuned: Array<{
    settings: string;
    scorecards: ScorecardRead[];
    impact: ImpactRead[];
  }>;
  historyIndex?: HistoryIndexResult;
  refresh: RefreshResult;
  ingest: IngestResult;
  vacuum: VacuumRun[];
  partitioning?: PartitionResult;
}

export function impactReads(timings: ImpactTiming[]): ImpactRead[] {
  return timings.map(t => ({
    kind: t.kind,
    caller: t.caller,
    ms: {
      ...spread(t.times),
      ...(t.cpuMs === undefined ? {} : { cpu: t.cpuMs }),
    },
    minAffected: Math.min(...t.totals),
    maxAffected: Math.max(...t.totals),
  }));
}
