import type { RootConfigService } from '@backstage/backend-plugin-api';

/**
 * The part of Backstage's `Config` the readers use. Keys are full keys from the root
 * (`security.vault.concurrency`), so every error names exactly what to fix.
 * @public
 */
export type ConfigSource = Pick<
  RootConfigService,
  'getOptionalNumber' | 'getOptionalString' | 'getOptionalStringArray'
>;

/**
 * Stops start-up with `Invalid config <key>: <why>`: a bad value fails once, at start-up,
 * instead of in every scheduled run.
 * @public
 */
export function invalidConfig(key: string, why: string): never {
  throw new Error(`Invalid config ${key}: ${why}`);
}

/** @public */
export interface NumberBounds {
  /** The smallest value accepted; without it, any value above 0. */
  min?: number;
  /** Only whole numbers. */
  integer?: boolean;
}

/**
 * A number above 0 (or of `min` or more), `fallback` when absent.
 * @public
 */
export function readPositiveNumber(
  config: ConfigSource,
  key: string,
  fallback: number,
  { min, integer = false }: NumberBounds = {},
): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  const ok =
    Number.isFinite(value) &&
    (min === undefined ? value > 0 : value >= min) &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    invalidConfig(
      key,
      `${value} must be a ${integer ? 'whole ' : ''}number ${
        min === undefined ? 'above 0' : `of ${min} or more`
      }`,
    );
  }
  return value;
}

/**
 * An http or https URL without trailing slashes (paths are appended to it), or undefined
 * when absent. With `template`, `{placeholders}` are allowed and checked as if filled in.
 * @public
 */
export function readUrl(
  config: ConfigSource,
  key: string,
  { template = false }: { template?: boolean } = {},
): string | undefined {
  const value = config.getOptionalString(key);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(template ? value.replace(/\{\w+\}/g, '0') : value);
  } catch {
    return invalidConfig(key, `"${hideUserinfo(value)}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    invalidConfig(key, `"${hideUserinfo(value)}" must be an http or https URL`);
  }
  return value.replace(/\/+$/, '');
}

/**
 * Start-up errors are logged, so a password in a URL is masked; by pattern, since a value
 * that is not a URL cannot be parsed. The authority ends at the first `/`, `\`, `?` or `#`,
 * and its userinfo at the last `@` before that, as the URL parser reads it.
 */
function hideUserinfo(value: string): string {
  return value.replace(/^(\s*[a-z][a-z\d+.-]*:[/\\]*)[^/\\?#]*@/i, '$1***@');
}

/**
 * A list of strings with at least one entry, `fallback` when absent; `what` names an entry
 * in the error ("must name at least one root").
 * @public
 */
export function readStringArray(
  config: ConfigSource,
  key: string,
  fallback: string[],
  what: string,
): string[] {
  const value = config.getOptionalStringArray(key) ?? fallback;
  if (value.length === 0) invalidConfig(key, `must name at least one ${what}`);
  return value;
}
