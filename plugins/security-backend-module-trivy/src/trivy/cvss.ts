import type { TrivyCvss } from './schema';

/**
 * The highest CVSS v3 base score any vendor gives, else the highest v2 score. v3 wins even when
 * lower because v2 has no "critical" band and overstates many local issues; mixing the two
 * would make scores incomparable across findings.
 * @internal
 */
export function highestCvssScore(
  cvss: TrivyCvss | null | undefined,
): number | null {
  if (!cvss) {
    return null;
  }
  let v3: number | null = null;
  let v2: number | null = null;
  for (const vendor of Object.values(cvss)) {
    if (
      typeof vendor.V3Score === 'number' &&
      (v3 === null || vendor.V3Score > v3)
    ) {
      v3 = vendor.V3Score;
    }
    if (
      typeof vendor.V2Score === 'number' &&
      (v2 === null || vendor.V2Score > v2)
    ) {
      v2 = vendor.V2Score;
    }
  }
  return v3 ?? v2;
}
