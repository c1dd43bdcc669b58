import type { Severity } from '@posture/backstage-plugin-security-common';
import type { CdxRating, CdxVulnerability } from './schema';

/**
 * CycloneDX severities by rank. `info` and `none` are deliberately `unknown`, not `low`: they
 * say "no risk rating", and reporting them as low would invent a risk level nobody assigned.
 */
const RANK: ReadonlyMap<string, number> = new Map([
  ['critical', 4],
  ['high', 3],
  ['medium', 2],
  ['low', 1],
]);
const BY_RANK: readonly Severity[] = [
  'unknown',
  'low',
  'medium',
  'high',
  'critical',
];

const CVSS_V3_METHODS: ReadonlySet<string> = new Set(['CVSSv3', 'CVSSv31']);

function rankOf(rating: CdxRating): number {
  return RANK.get((rating.severity ?? '').toLowerCase()) ?? 0;
}

function fromSource(
  ratings: readonly CdxRating[],
  source: string,
): CdxRating[] {
  const wanted = source.toLowerCase();
  return ratings.filter(r => (r.source?.name ?? '').toLowerCase() === wanted);
}

/**
 * Trivy (and NVD) derive a CVSSv2 rating's severity from the v2 score, which has no critical
 * band and often exceeds the vendor's own verdict; the other ratings carry the vendor verdict.
 */
function withoutCvssV2UnlessOnly(ratings: CdxRating[]): CdxRating[] {
  const others = ratings.filter(r => r.method !== 'CVSSv2');
  return others.length > 0 ? others : ratings;
}

/**
 * The severity of a CycloneDX vulnerability, chosen the way Trivy chooses it for its JSON
 * report, so one scan uploaded as CycloneDX or as Trivy JSON grades the same:
 * 1. the rating from the vulnerability's own data source (`source.name`), e.g. Debian's
 *    verdict for a Debian advisory;
 * 2. else NVD's rating;
 * 3. else the highest rating present.
 * Within the chosen ratings the highest wins, ignoring CVSSv2-derived ones when others exist.
 * Taking the highest of all ratings would instead report e.g. CVE-2019-18276 in Debian's bash
 * as high (NVD, cbl-mariner) where Trivy and Debian say low.
 * @internal
 */
export function severityOf(vulnerability: CdxVulnerability): Severity {
  const rated = (vulnerability.ratings ?? []).filter(r => rankOf(r) > 0);
  if (rated.length === 0) {
    return 'unknown';
  }
  const ownSource = vulnerability.source?.name;
  let chosen = ownSource ? fromSource(rated, ownSource) : [];
  if (chosen.length === 0) {
    chosen = fromSource(rated, 'nvd');
  }
  if (chosen.length === 0) {
    chosen = rated;
  }
  let best = 0;
  for (const rating of withoutCvssV2UnlessOnly(chosen)) {
    best = Math.max(best, rankOf(rating));
  }
  return BY_RANK[best];
}

/**
 * The highest CVSS v3.x score, else the highest score of any rating: the same preference as
 * the Trivy JSON parser, so the score does not depend on the upload format.
 * @internal
 */
export function cvssScoreOf(vulnerability: CdxVulnerability): number | null {
  let v3: number | null = null;
  let any: number | null = null;
  for (const rating of vulnerability.ratings ?? []) {
    const score = rating.score;
    if (typeof score !== 'number') {
      continue;
    }
    if (any === null || score > any) {
      any = score;
    }
    if (
      rating.method &&
      CVSS_V3_METHODS.has(rating.method) &&
      (v3 === null || score > v3)
    ) {
      v3 = score;
    }
  }
  return v3 ?? any;
}
