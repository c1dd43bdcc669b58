import { percentile } from './drive';

/** One kind of read the load spreads its requests over, e.g. "posture" on several entities. */
export interface ReadRoute {
  route: string;
  urls: string[];
}

/** Latencies and failures per route, added to by each round. */
export class RouteSamples {
  private readonly latencies = new Map<string, number[]>();
  private readonly failures = new Map<string, string[]>();
  seconds = 0;

  ok(route: string, ms: number): void {
    const list = this.latencies.get(route) ?? [];
    list.push(ms);
    this.latencies.set(route, list);
  }

  failed(route: string, what: string): void {
    const list = this.failures.get(route) ?? [];
    list.push(what);
    this.failures.set(route, list);
  }

  figures(route: string) {
    const sorted = [...(this.latencies.get(route) ?? [])].sort((a, b) => a - b);
    const failures = this.failures.get(route) ?? [];
    return {
      route,
      requests: sorted.length,
      errors: failures.length,
      errorSamples: failures.slice(0, 3),
      requestsPerSecond: this.seconds > 0 ? sorted.length / this.seconds : 0,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
    };
  }
}

/**
 * `concurrency` readers, each sending one request after the other for `seconds`, taking the
 * routes in turn (reader i starts at route i) and each route's URLs in turn, so every route
 * is read under the same mixed load. Anything but 2xx, or no answer, is an error.
 */
export async function mixedReads(options: {
  base: string;
  routes: ReadRoute[];
  headers: Record<string, string>;
  concurrency: number;
  seconds: number;
  into: RouteSamples;
}): Promise<void> {
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const worker = async (index: number) => {
    let turn = index;
    while (performance.now() < deadline) {
      const route = options.routes[turn % options.routes.length];
      const url =
        route.urls[
          Math.floor(turn / options.routes.length) % route.urls.length
        ];
      turn += 1;
      const sent = performance.now();
      try {
        const response = await fetch(`${options.base}${url}`, {
          headers: options.headers,
        });
        const body = await response.text();
        if (response.ok) {
          options.into.ok(route.route, performance.now() - sent);
        } else {
          options.into.failed(
            route.route,
            `${response.status} ${url}: ${body.slice(0, 160)}`,
          );
        }
      } catch (error) {
        options.into.failed(route.route, `${url}: ${error}`);
      }
    }
  };
  await Promise.all(
    Array.from({ length: options.concurrency }, (_, i) => worker(i)),
  );
  options.into.seconds += (performance.now() - started) / 1000;
}
