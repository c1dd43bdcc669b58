/** A closed-loop load driver: N workers each send one request after the other until time is up. */

export interface Sample {
  latenciesMs: number[];
  errors: number;
  /** A few of the failures, to say what went wrong. */
  errorSamples: string[];
  elapsedSeconds: number;
}

export interface RouteFigures {
  route: string;
  requests: number;
  errors: number;
  errorSamples: string[];
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) {
    return NaN;
  }
  const index = Math.ceil((p / 100) * sortedMs.length) - 1;
  return sortedMs[Math.min(sortedMs.length - 1, Math.max(0, index))];
}

/**
 * Drives `concurrency` readers at one URL for `seconds`. The body is read in full, so a
 * response counts when the server has sent all of it; anything but 2xx is an error.
 */
export async function drive(options: {
  url: string;
  headers: Record<string, string>;
  concurrency: number;
  seconds: number;
}): Promise<Sample> {
  const sample: Sample = {
    latenciesMs: [],
    errors: 0,
    errorSamples: [],
    elapsedSeconds: 0,
  };
  const fail = (what: string) => {
    sample.errors += 1;
    if (sample.errorSamples.length < 3) {
      sample.errorSamples.push(what);
    }
  };
  const started = performance.now();
  const deadline = started + options.seconds * 1000;

  const worker = async () => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      try {
        const response = await fetch(options.url, {
          headers: options.headers,
        });
        const body = await response.text();
        if (response.ok) {
          sample.latenciesMs.push(performance.now() - sent);
        } else {
          fail(`${response.status} ${body.slice(0, 160)}`);
        }
      } catch (error) {
        fail(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  sample.elapsedSeconds = (performance.now() - started) / 1000;
  return sample;
}

/** One route's figures over all its samples (rounds). */
export function summarize(route: string, samples: Sample[]): RouteFigures {
  const latencies = samples.flatMap(s => s.latenciesMs).sort((a, b) => a - b);
  const seconds = samples.reduce((sum, s) => sum + s.elapsedSeconds, 0);
  return {
    route,
    requests: latencies.length,
    errors: samples.reduce((sum, s) => sum + s.errors, 0),
    errorSamples: samples.flatMap(s => s.errorSamples).slice(0, 3),
    requestsPerSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}
