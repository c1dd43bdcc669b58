import { PackageURL } from 'packageurl-js';
import { normalizeImageRepository } from './images';

/**
 * Which image a VEX statement's product names, and whether a statement applies to a finding.
 *
 * A product is matched on what a report of the entity records about its image: the image
 * repository (normalised, whatever the tag) and the repo digest. Tags are not kept with
 * reports, so a product named by tag applies to every scan of that repository.
 */

/** The image a VEX product names; both null when it names no image (e.g. a package purl). @public */
export interface VexProductImage {
  /** Normalised repository (`ghcr.io/acme/api`), when the product names one. */
  repository: string | null;
  /** `sha256:<64 hex>`, lower case, when the product names one. */
  digest: string | null;
}

/** A statement's product and subcomponent, as {@link vexStatementApplies} compares them. @public */
export interface VexStatementTarget extends VexProductImage {
  /** Package purl the statement is limited to; empty or null: every package of the image. */
  subcomponent?: string | null;
}

/** What {@link vexStatementApplies} needs to know about a finding and its report. @public */
export interface VexFindingTarget {
  /** The report's artifact (image repository or reference). */
  artifact: string | null;
  /** The report's image digest. */
  digest: string | null;
  /** The finding's package purl. */
  purl: string | null;
}

const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;
const REFERENCE_DIGEST = /@(sha256:[0-9a-f]{64})$/;

/*
 * The reference grammar of the distribution spec, lower-cased: optional registry host (with
 * port), path components, optional tag, optional digest. Anything else (an IRI, a `urn:`, a
 * name with spaces) names no image.
 */
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_REFERENCE = new RegExp(
  `^(?:[a-z0-9]+(?:[.-][a-z0-9]+)*(?::[0-9]+)?/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*` +
    `(?::[a-z0-9_][a-z0-9_.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$`,
);

/** Docker Hub's other host names, as some tools write them in purls. */
const DOCKER_HUB_ALIASES = ['index.docker.io/', 'registry-1.docker.io/'];

/**
 * The canonical repository: {@link normalizeImageRepository}, with Docker Hub's other host
 * names (`index.docker.io`, which Trivy writes in `repository_url`) read as `docker.io`.
 * @public
 */
export function canonicalImageRepository(reference: string): string {
  const repository = normalizeImageRepository(reference);
  for (const alias of DOCKER_HUB_ALIASES) {
    if (repository.startsWith(alias)) {
      return normalizeImageRepository(
        `docker.io/${repository.slice(alias.length)}`,
      );
    }
  }
  return repository;
}

function fullDigest(value: string | undefined | null): string | null {
  const digest = value?.trim().toLowerCase() ?? '';
  return SHA256_DIGEST.test(digest) ? digest : null;
}

function parsePurl(value: string): PackageURL | null {
  try {
    return PackageURL.fromString(value.trim());
  } catch {
    return null;
  }
}

/**
 * `pkg:oci/<name>@<digest>?repository_url=<registry/path>`: per the purl spec the
 * repository_url is the whole repository, name included; one that stops before the name
 * (as some tools write it) gets the name appended. Without repository_url the repository is
 * unknown and the digest alone identifies the image.
 */
function ociImage(purl: PackageURL): VexProductImage {
  const digest = fullDigest(purl.version);
  const url = purl.qualifiers?.repository_url;
  if (!url) {
    return { repository: null, digest };
  }
  const path = url.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const withName =
    last === purl.name.toLowerCase() ? path : `${path}/${purl.name}`;
  return { repository: canonicalImageRepository(withName), digest };
}

/**
 * `pkg:docker/<namespace>/<name>@<tag or digest>?repository_url=<registry>`: the registry
 * is Docker Hub unless repository_url names another. A version that is not a whole sha256
 * digest (a tag, or a short image id) names no digest.
 */
function dockerImage(purl: PackageURL): VexProductImage {
  const registry = (purl.qualifiers?.repository_url ?? 'docker.io')
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/+$/, '');
  const path = [registry, purl.namespace, purl.name].filter(Boolean).join('/');
  return {
    repository: canonicalImageRepository(path),
    digest: fullDigest(purl.version),
  };
}

/**
 * The image a VEX product names: an image purl (`pkg:oci/...`, `pkg:docker/...`), an image
 * reference (`ghcr.io/acme/api`, `ghcr.io/acme/api:1.2`, `ghcr.io/acme/api@sha256:...`) or a
 * bare digest (`sha256:<64 hex>`). Anything else (a package purl, an IRI, a `urn:cdx:` link)
 * names no image: both fields null, so the statement applies to nothing.
 * @public
 */
export function parseVexProduct(product: string): VexProductImage {
  const value = product.trim();
  const lower = value.toLowerCase();
  if (lower.startsWith('pkg:')) {
    const purl = parsePurl(value);
    if (purl?.type === 'oci') return ociImage(purl);
    if (purl?.type === 'docker') return dockerImage(purl);
    return { repository: null, digest: null };
  }
  const bare = fullDigest(lower);
  if (bare) {
    return { repository: null, digest: bare };
  }
  // `sha256:1234` reads as image `sha256`, tag `1234`: a digest too short is no image.
  const digestLike = /^sha(256|384|512):/.test(lower);
  if (digestLike || lower.startsWith('urn:') || !IMAGE_REFERENCE.test(lower)) {
    return { repository: null, digest: null };
  }
  return {
    repository: canonicalImageRepository(lower),
    digest: lower.match(REFERENCE_DIGEST)?.[1] ?? null,
  };
}

/**
 * Whether a subcomponent purl names the finding's package: same type, namespace and name
 * (as the purl spec normalises them per type), and the same version when the subcomponent
 * gives one; qualifiers (arch, distro) are ignored.
 */
function subcomponentMatches(
  subcomponent: string,
  findingPurl: string | null,
): boolean {
  const wanted = parsePurl(subcomponent);
  const actual = findingPurl ? parsePurl(findingPurl) : null;
  if (!wanted || !actual) {
    return false;
  }
  return (
    wanted.type === actual.type &&
    (wanted.namespace ?? '') === (actual.namespace ?? '') &&
    wanted.name === actual.name &&
    (!wanted.version || wanted.version === actual.version)
  );
}

/**
 * Whether a statement about `statement`'s product applies to a finding of a report: the
 * product's digest is the report's image digest, or its repository is the report's artifact
 * and it names no other digest; and, when the statement is limited to a subcomponent, that
 * is the finding's package. The vulnerability itself is matched by the caller.
 * @public
 */
export function vexStatementApplies(
  statement: VexStatementTarget,
  finding: VexFindingTarget,
): boolean {
  const findingDigest = fullDigest(finding.digest);
  const sameDigest =
    statement.digest !== null &&
    findingDigest !== null &&
    statement.digest.toLowerCase() === findingDigest;
  const sameRepository =
    statement.repository !== null &&
    finding.artifact !== null &&
    canonicalImageRepository(statement.repository) ===
      canonicalImageRepository(finding.artifact);
  const productMatches =
    sameDigest || (sameRepository && (statement.digest === null || sameDigest));
  if (!productMatches) {
    return false;
  }
  const subcomponent = statement.subcomponent?.trim();
  return !subcomponent || subcomponentMatches(subcomponent, finding.purl);
}
