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

/** The decoded parts of a purl, before case folding. */
interface PurlParts {
  type: string;
  namespace: string | null | undefined;
  name: string;
  version: string | null | undefined;
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

function normalized(parts: PurlParts): NormalizedPurl | null {
  const type = orNull(parts.type)?.toLowerCase();
  const rawName = orNull(parts.name);
  if (!type || !rawName) {
    return null;
  }
  return {
    type,
    namespace: orNull(parts.namespace)?.toLowerCase() ?? null,
    name: type === 'pypi' ? pep503(rawName) : rawName.toLowerCase(),
    version: orNull(parts.version),
  };
}

/*
 * The purls SBOM tools write for the common ecosystems, in the plainest spelling (unreserved
 * characters only, an npm scope as `@` or `%40`, qualifiers with plain keys, no subpath), are
 * split here directly: packageurl-js parses through WHATWG URL, about 7 µs a purl, which is a
 * second for a 100,000-component SBOM. Anything else goes to packageurl-js. purls.test.ts
 * checks both paths agree on generated purls. The types listed have no packageurl-js rule
 * besides Maven's required namespace and Go's `v` versions, both checked below.
 */
const PLAIN_PURL = new RegExp(
  '^pkg:(npm|pypi|maven|deb|rpm|apk|golang|gem|cargo|nuget|composer|hex)/' +
    '(?:((?:%40|@)?[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)*)/)?' +
    '([A-Za-z0-9._~-]+)' +
    '(?:@([A-Za-z0-9._~+:-]+))?' +
    '(?:\\?[A-Za-z][A-Za-z0-9._-]*=[A-Za-z0-9._~:/+-]*(?:&[A-Za-z][A-Za-z0-9._-]*=[A-Za-z0-9._~:/+-]*)*)?$',
);
// The regular expression packageurl-js checks Go `v` versions with (semver.org's).
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** The parts of a plain purl, or undefined when it is not one (packageurl-js decides then). */
function plainParts(purl: string): PurlParts | null | undefined {
  const match = PLAIN_PURL.exec(purl);
  if (!match) return undefined;
  const [, type, rawNamespace, name, version] = match;
  if (type === 'maven' && rawNamespace === undefined) return null;
  if (
    type === 'golang' &&
    version?.startsWith('v') &&
    !SEMVER.test(version.slice(1))
  ) {
    return null;
  }
  const namespace = rawNamespace?.startsWith('%40')
    ? `@${rawNamespace.slice(3)}`
    : rawNamespace;
  return { type, namespace, name, version };
}

function libraryParts(purl: string): PurlParts | null {
  try {
    return PackageURL.fromString(purl);
  } catch {
    // Including the ReferenceError packageurl-js 2.0 throws for some invalid golang versions.
    return null;
  }
}

/**
 * {@link normalizePurl} through packageurl-js alone, without the plain-purl path; what the
 * tests hold that path to.
 * @internal
 */
export function normalizePurlWithLibrary(purl: string): NormalizedPurl | null {
  if (typeof purl !== 'string') return null;
  const parts = libraryParts(purl.trim());
  return parts && normalized(parts);
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
  const trimmed = purl.trim();
  const plain = plainParts(trimmed);
  if (plain !== undefined) {
    return plain && normalized(plain);
  }
  const parts = libraryParts(trimmed);
  return parts && normalized(parts);
}
