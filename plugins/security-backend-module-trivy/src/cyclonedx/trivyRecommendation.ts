const PREFIX = 'Upgrade ';
const INFIX = ' to version ';
const SEPARATOR = '; ';

/**
 * CycloneDX has no fixed-version field. Trivy (and Grype) put it in `recommendation` as
 * "Upgrade <PkgName> to version <FixedVersion>", joined with "; " when one vulnerability
 * affects several packages. Without reading it every CycloneDX finding would look unfixable
 * and the posture's "fixable" counts would differ from the same scan as Trivy JSON.
 * Returns package name to fixed version; anything not in that form is ignored.
 * @internal
 */
export function fixedVersionsFromRecommendation(
  recommendation: string | null | undefined,
): Map<string, string> {
  const fixed = new Map<string, string>();
  if (!recommendation) {
    return fixed;
  }
  for (const part of recommendation.split(SEPARATOR)) {
    if (!part.startsWith(PREFIX)) {
      continue;
    }
    const at = part.indexOf(INFIX, PREFIX.length);
    if (at <= PREFIX.length) {
      continue;
    }
    const version = part.slice(at + INFIX.length).trim();
    if (version !== '') {
      fixed.set(part.slice(PREFIX.length, at), version);
    }
  }
  return fixed;
}
