/** Timing helpers of `yarn bench:scale`. */
import type { CpuMeter } from './scaleCpu';

export async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await work();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

export interface Spread {
  /** How many timings. */
  n: number;
  median: number;
  p95: number;
  max: number;
  /** Mean CPU milliseconds per call (see CpuMeter), when measured. */
  cpu?: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

export function spread(times: number[]): Spread {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    max: sorted[sorted.length - 1],
  };
}

/** `calls` sequential runs after one warm-up. */
export async function repeat(
  calls: number,
  work: () => Promise<unknown>,
  cpu?: CpuMeter,
): Promise<Spread> {
  await work();
  const times: number[] = [];
  const cpuStart = cpu?.now() ?? 0;
  for (let i = 0; i < calls; i++) {
    times.push((await timed(work))[1]);
  }
  const result = spread(times);
  if (cpu) result.cpu = (cpu.now() - cpuStart) / calls;
  return result;
}

/** `count` numbers from 1 to `of`, evenly spread, starting `offset` (0..1) into each step. */
export function spreadSample(count: number, of: number, offset: number) {
  const n = Math.min(count, of);
  return Array.from({ length: n }, (_, i) =>
    Math.min(of, 1 + Math.floor(((i + offset) * of) / n)),
  );
}

export const ms = (value: number) =>
  value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
