/** A clock the stand-in reads instead of Date.now(), so tests can freeze or move time. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export const SECOND_MS = 1000;
export const DAY_SECONDS = 86400;

/** Vault prints KV and lease times as RFC 3339 in UTC; millisecond precision is enough here. */
export function rfc3339(date: Date): string {
  return date.toISOString();
}

export function secondsBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / SECOND_MS);
}

export function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * SECOND_MS);
}

/**
 * Formats seconds the way Go's time.Duration.String() does ("3h25m19s", "0s"), which is how
 * Vault returns delete_version_after.
 */
export function goDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  if (seconds === 0) return '0s';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/**
 * Vault's human duration for TTL warnings: Go's Duration.String() with zero minute and second
 * parts dropped ("1h", "1h30m").
 */
export function humanDuration(totalSeconds: number): string {
  let text = goDuration(totalSeconds);
  if (text.endsWith('m0s')) text = text.slice(0, -2);
  const idx = text.indexOf('h0m');
  if (idx > 0) text = text.slice(0, idx + 1) + text.slice(idx + 3);
  return text;
}

const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  m: 60,
  h: 3600,
  d: DAY_SECONDS,
};

/**
 * Parses what Vault's parseutil.ParseDurationSecond accepts: a number of seconds, a numeric
 * string, or a Go-style duration ("1h30m", plus "d" for days). Returns undefined when invalid.
 */
export function parseDurationSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return 0;
  if (/^\d+$/.test(text)) return Number(text);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)([smhd])/g)];
  if (parts.length === 0 || parts.map(p => p[0]).join('') !== text) {
    return undefined;
  }
  return Math.floor(
    parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_SECONDS[p[2]], 0),
  );
}
