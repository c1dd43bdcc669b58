import type { ParsedComponent } from '@posture/backstage-plugin-security-node';
import type { SpdxPackage } from './schema';

/** SPDX's ways of saying "no licence information", not licences. */
const NOT_A_LICENSE: ReadonlySet<string> = new Set(['NOASSERTION', 'NONE', '']);
const REPO_DIGEST_PREFIX = 'RepoDigest: ';

function licensesOf(pkg: SpdxPackage): string[] {
  const licenses: string[] = [];
  // Concluded first: it is the reviewed verdict; declared is what the package claims.
  for (const value of [pkg.licenseConcluded, pkg.licenseDeclared]) {
    if (value && !NOT_A_LICENSE.has(value) && !licenses.includes(value)) {
      licenses.push(value);
    }
  }
  return licenses;
}

/** @internal */
export function toParsedComponent(pkg: SpdxPackage): ParsedComponent {
  const purl = pkg.externalRefs?.find(ref => ref.referenceType === 'purl');
  return {
    name: pkg.name,
    version: pkg.versionInfo || null,
    purl: purl?.referenceLocator ?? null,
    type: pkg.primaryPackagePurpose
      ? pkg.primaryPackagePurpose.toLowerCase()
      : null,
    licenses: licensesOf(pkg),
  };
}

/**
 * Trivy records the image's repo digests on the root package as "RepoDigest: repo@sha256:...",
 * in `attributionTexts` (older releases) or annotation comments (newer ones).
 * @internal
 */
export function repoDigestsOf(pkg: SpdxPackage | undefined): string[] {
  const digests = new Set<string>();
  const texts = [
    ...(pkg?.attributionTexts ?? []),
    ...(pkg?.annotations ?? []).map(a => a.comment ?? ''),
  ];
  for (const text of texts) {
    if (text.startsWith(REPO_DIGEST_PREFIX)) {
      digests.add(text.slice(REPO_DIGEST_PREFIX.length).trim());
    }
  }
  return [...digests];
}
