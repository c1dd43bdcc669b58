import {
  SBOM_NO_LICENSE,
  type LicenseFacet,
} from '@posture/backstage-plugin-security-common';

export type LicenseCounts = Record<string, number>;

/** How many components carry each licence; components without one count as "(none)". */
export function countLicenses(
  components: Array<{ licenses: string[] }>,
): LicenseCounts {
  const counts: LicenseCounts = {};
  for (const { licenses } of components) {
    for (const license of licenses.length ? licenses : [SBOM_NO_LICENSE]) {
      counts[license] = (counts[license] ?? 0) + 1;
    }
  }
  return counts;
}

/** The facets of several reports together, most common first. */
export function mergeLicenseFacets(perReport: LicenseCounts[]): LicenseFacet[] {
  const total = new Map<string, number>();
  for (const counts of perReport) {
    for (const [license, n] of Object.entries(counts)) {
      total.set(license, (total.get(license) ?? 0) + n);
    }
  }
  return [...total]
    .map(([license, count]) => ({ license, count }))
    .sort((a, b) => b.count - a.count || a.license.localeCompare(b.license));
}
