import { PackageURL } from 'packageurl-js';

/**
 * A package URL reduced to what "where do we run it?" compares: the package's identity and
 * its version. Qualifiers (`arch`, `distro`, `type=jar`, `repository_url`) and the subpath
 * describe a build or a location, not the package, so two purls that differ only there name
 * the same package.
 * @public
 */
export interface NormalizedPurl {
  /** Lower case, e.g. `npm`, `maven`, `pypi`. */
  type: string;
  /** Lower case (npm scopes keep their `@`); null when the purl has none. */
  namespace: string | null;
  /** Lower case; PyPI names as PEP 503 normalises them (`Django_Rest.Framework` is `django-rest-framework`). */
  name: string;
  /** As written, percent-decoded and trimmed; null when the purl has none. */
  version: string | null;
}

/** PEP 503: runs of `-`, `_` and `.` are one `-`, and case does not matter. */
function pep503(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/**
 * Trimmed, without NUL characters (a percent-encoded `%00` decodes to one, and PostgreSQL text
 * cannot hold it), or null when nothing is left.
 */
function orNull(value: string | null | undefined): string | null {
  const cleaned = value?.replaceAll('\u0000', '').trim();
  return cleaned ? cleaned : null;
}

/**
 * The one normaliser of purls, used alike where they are stored (components and findings at
 * ingestion) and where they are asked for (impact queries), so both sides compare equal
 * columns. Answers null for anything packageurl-js cannot read (not a purl, a missing name,
 * a version its type forbids, an undecodable escape); it never throws.
 *
 * Case is folded for every type, including those the purl spec calls case-sensitive (Go
 * module paths, Maven coordinates): no two real packages differ only by case, while tools do
 * write the same package in different cases.
 * @public
 */
export function normalizePurl(purl: string): NormalizedPurl | null {
  if (typeof purl !== 'string') {
    return null;
  }
  let parsed: PackageURL;
  try {
    parsed = PackageURL.fromString(purl.trim());
  } catch {
    // Including the ReferenceError packageurl-js 2.0 throws for some invalid golang versions.
    return null;
  }
  const type = orNull(parsed.type)?.toLowerCase();
  const rawName = orNull(parsed.name);
  if (!type || !rawName) {
    return null;
  }
  return {
    type,
    namespace: orNull(parsed.namespace)?.toLowerCase() ?? null,
    name: type === 'pypi' ? pep503(rawName) : rawName.toLowerCase(),
    version: orNull(parsed.version),
  };
}
