const CVE_ID = /^CVE-\d{4}-\d{4,}$/i;

/** Whether `id` is a CVE id (any case), e.g. `cve-2021-44228`. @public */
export function isCveId(id: string): boolean {
  return CVE_ID.test(id.trim());
}

/**
 * The CVE a finding is known by, upper case: its id when that is a CVE, else its first CVE
 * alias (a GHSA or distribution advisory that names one), else null. KEV and EPSS are keyed
 * by CVE, so this is what they are matched on.
 * @public
 */
export function cveIdOf(
  id: string,
  aliases: readonly string[] = [],
): string | null {
  for (const candidate of [id, ...aliases]) {
    if (isCveId(candidate)) {
      return candidate.trim().toUpperCase();
    }
  }
  return null;
}
