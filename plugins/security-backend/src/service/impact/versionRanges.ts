import { InputError } from '@backstage/errors';
import * as pep440 from '@renovatebot/pep440';
import semver from 'semver';

/** Whether an installed version (as a report wrote it) is one the query asks for. */
export type VersionMatcher = (version: string | null) => boolean;

/** Ecosystems (purl types) whose versions are semantic versions. */
const SEMVER_ECOSYSTEMS = new Set(['npm', 'golang', 'cargo']);

/** What makes a version text a range rather than one version. */
const RANGE_SYNTAX = /[\s<>=!~^*,|()[\]]|^[xX]$|\.[xX*](\.|$)/;

/** A version as written: trimmed, and Go's `v` prefix dropped (`v0.15.0` is `0.15.0`). */
function withoutV(version: string): string {
  return version.trim().replace(/^v(?=\d)/, '');
}

/** The version as a semantic version, or null when it is not one. */
function semverOf(version: string): string | null {
  return semver.valid(withoutV(version), { loose: true });
}

/**
 * Maven versions are judged numerically when they are plain dotted numbers (`2.14.1`,
 * `5.3.17`, `2.17`) with at most a release marker (`.Final`, `.RELEASE`, `-GA`); anything
 * else (`2.0-beta-1`, `1.0-SNAPSHOT`) cannot be placed in a range reliably and does not match.
 */
function mavenSemverOf(version: string): string | null {
  const match = version
    .trim()
    .match(/^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[.-](?:final|release|ga))?$/i);
  if (!match) {
    return null;
  }
  const [, major, minor = '0', patch = '0'] = match;
  return `${Number(major)}.${Number(minor)}.${Number(patch)}`;
}

/**
 * Maven's interval notation (`[2.0,2.17.1)`, `(,2.17.1)`, `[2.14.1]`) as a semver range; any
 * other text is returned unchanged (semver syntax is accepted for Maven too).
 */
function mavenInterval(range: string): string {
  const match = range
    .trim()
    .match(/^([[(])\s*([^,\s]*)\s*(?:,\s*([^,\s]*)\s*)?([\])])$/);
  if (!match) {
    return range;
  }
  const [, open, low, high, close] = match;
  if (high === undefined) {
    // `[1.0]` is exactly 1.0; `(1.0)` means nothing in Maven.
    return open === '[' && close === ']' && low ? `=${low}` : range;
  }
  const parts: string[] = [];
  if (low) parts.push(`${open === '[' ? '>=' : '>'}${low}`);
  if (high) parts.push(`${close === ']' ? '<=' : '<'}${high}`);
  return parts.length > 0 ? parts.join(' ') : range;
}

/** Semver ranges with Go's `v` prefixes dropped wherever a version starts. */
function withoutVInRange(range: string): string {
  return range.replace(/(^|[\s<>=~^|,-])v(?=\d)/g, '$1');
}

function semverRange(
  range: string,
  ecosystem: string,
  versionOf: (version: string) => string | null,
): VersionMatcher {
  const valid = semver.validRange(range, { loose: true });
  if (valid === null) {
    throw new InputError(
      `Invalid version range "${range}" for ${ecosystem}: use a version or a semver range such as <2.17.1 or >=1.2.0 <1.4.0`,
    );
  }
  return version => {
    const candidate = version === null ? null : versionOf(version);
    // A pre-release of a vulnerable version is as vulnerable as the release.
    return (
      candidate !== null &&
      semver.satisfies(candidate, valid, {
        loose: true,
        includePrerelease: true,
      })
    );
  };
}

function exactMatcher(
  wanted: string,
  same: (a: string, b: string) => boolean,
): VersionMatcher {
  return version => version !== null && same(version.trim(), wanted);
}

function semverEqual(a: string, b: string): boolean {
  const [x, y] = [semverOf(a), semverOf(b)];
  return x !== null && y !== null
    ? semver.eq(x, y, { loose: true })
    : withoutV(a) === withoutV(b);
}

function pep440Equal(a: string, b: string): boolean {
  return pep440.valid(a) !== null && pep440.valid(b) !== null
    ? pep440.eq(a, b)
    : a.toLowerCase() === b.toLowerCase();
}

function mavenEqual(a: string, b: string): boolean {
  const [x, y] = [mavenSemverOf(a), mavenSemverOf(b)];
  return x !== null && y !== null ? x === y : a === b;
}

/**
 * The matcher for a package query's `version`: one version (an exact match, compared the
 * ecosystem's way: `2.0` is `2.0.0` for PyPI, `v0.15.0` is `0.15.0` for Go) or a range,
 * judged with semver for npm, golang and cargo, PEP 440 for pypi, and numerically for maven
 * (plain dotted numbers only; see {@link mavenSemverOf}). Other ecosystems, and queries that
 * name none, take one exact version: their version orders (Debian's epochs and tildes, RPM's
 * release numbers) are not what a semver range assumes. Throws InputError naming the problem.
 */
export function versionMatcher(
  ecosystem: string | null,
  version: string,
): VersionMatcher {
  const wanted = version.trim();
  if (!wanted) {
    throw new InputError('version is empty: give a version or a range');
  }
  const isRange = RANGE_SYNTAX.test(wanted);
  if (ecosystem === 'pypi') {
    if (pep440.valid(wanted) !== null) {
      return exactMatcher(wanted, pep440Equal);
    }
    if (!pep440.validRange(wanted)) {
      throw new InputError(
        `Invalid version range "${wanted}" for pypi: use a PEP 440 version or specifier such as >=2.0,<2.2`,
      );
    }
    return v =>
      v !== null &&
      pep440.valid(v.trim()) !== null &&
      pep440.satisfies(v.trim(), wanted);
  }
  if (ecosystem !== null && SEMVER_ECOSYSTEMS.has(ecosystem)) {
    return isRange
      ? semverRange(withoutVInRange(wanted), ecosystem, semverOf)
      : exactMatcher(wanted, semverEqual);
  }
  if (ecosystem === 'maven') {
    const range = mavenInterval(wanted);
    return RANGE_SYNTAX.test(range)
      ? semverRange(range, ecosystem, mavenSemverOf)
      : exactMatcher(wanted, mavenEqual);
  }
  if (!isRange) {
    return exactMatcher(wanted, (a, b) => withoutV(a) === withoutV(b));
  }
  if (ecosystem === null) {
    throw new InputError(
      `The version range "${wanted}" needs an ecosystem to be judged: add ecosystem=npm, golang, cargo, pypi or maven, or give an exact version`,
    );
  }
  throw new InputError(
    `version ranges cannot be judged for ${ecosystem} versions; give an exact version`,
  );
}
