/**
 * How an unsupported version value reads in an error message: `1`, `SPDX-2.1`, `missing`,
 * or its JSON for anything odd (so `"2"` and `2` are distinguishable).
 * @internal
 */
export function versionLabel(version: unknown): string {
  if (version === undefined) {
    return 'missing';
  }
  if (typeof version === 'number' || typeof version === 'string') {
    return String(version);
  }
  return JSON.stringify(version);
}
