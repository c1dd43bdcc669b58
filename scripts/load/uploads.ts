import { setTimeout as delay } from 'node:timers/promises';

/**
 * A CI-like uploader: one report upload at a time, started at most every `intervalMs`, until
 * stopped. Each is dated now so it replaces the last (an upload of an older or equal report
 * would be a no-op or a 409).
 */
export function startUploads(options: {
  url: string;
  token: string;
  report: Record<string, unknown>;
  intervalMs: number;
}) {
  const statuses = new Map<number | string, number>();
  let stopped = false;

  const loop = async () => {
    while (!stopped) {
      const started = Date.now();
      const body = JSON.stringify({
        ...options.report,
        CreatedAt: new Date().toISOString(),
      });
      try {
        const response = await fetch(options.url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${options.token}`,
            'content-type': 'application/json',
          },
          body,
        });
        await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      } catch (error) {
        const key = String(error);
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      }
      const wait = options.intervalMs - (Date.now() - started);
      if (!stopped && wait > 0) {
        await delay(wait);
      }
    }
  };
  const running = loop();

  return {
    async stop() {
      stopped = true;
      await running;
    },
    summary() {
      let ok = 0;
      let failed = 0;
      for (const [status, count] of statuses) {
        if (typeof status === 'number' && status >= 200 && status < 300) {
          ok += count;
        } else {
          failed += count;
        }
      }
      return { ok, failed, byStatus: Object.fromEntries(statuses) };
    },
  };
}
