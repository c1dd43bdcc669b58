import type { TapEntry } from '../../scripts/replicas/tap';

/** One run of a scheduled job as the stand-in saw it: a burst of one replica's requests. */
export interface Run {
  replica: string;
  startedAt: number;
  endedAt: number;
  requests: number;
}

/**
 * The requests of one job in [from, to) grouped into runs: a replica's requests closer than
 * `gapMs` to the previous one belong to the same run. A pass here takes well under a second
 * and the cadence is ten, so the gap tells runs apart.
 */
export function runsOf(
  requests: readonly TapEntry[],
  belongs: (request: TapEntry) => boolean,
  from: number,
  to: number,
  gapMs = 3_000,
): Run[] {
  const runs: Run[] = [];
  const open = new Map<string, Run>();
  const seen = requests
    .filter(r => belongs(r) && r.startedAt >= from && r.startedAt < to)
    .sort((a, b) => a.startedAt - b.startedAt);
  for (const request of seen) {
    const current = open.get(request.replica);
    const end = request.endedAt ?? request.startedAt;
    if (current && request.startedAt - current.endedAt < gapMs) {
      current.endedAt = Math.max(current.endedAt, end);
      current.requests += 1;
      continue;
    }
    const run: Run = {
      replica: request.replica,
      startedAt: request.startedAt,
      endedAt: end,
      requests: 1,
    };
    runs.push(run);
    open.set(request.replica, run);
  }
  return runs;
}

/** Runs of different replicas that overlap in time: a job running twice at once. */
export function overlapping(runs: readonly Run[]): Array<[Run, Run]> {
  const pairs: Array<[Run, Run]> = [];
  for (const [i, a] of runs.entries()) {
    for (const b of runs.slice(i + 1)) {
      if (
        a.replica !== b.replica &&
        a.startedAt <= b.endedAt &&
        b.startedAt <= a.endedAt
      ) {
        pairs.push([a, b]);
      }
    }
  }
  return pairs;
}
