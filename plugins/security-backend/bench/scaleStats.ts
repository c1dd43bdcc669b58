/** Timing helpers of `yarn bench:scale`. */

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
): Promise<Spread> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    times.push((await timed(work))[1]);
  }
  return spread(times);
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
