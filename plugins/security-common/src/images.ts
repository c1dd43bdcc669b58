/**
 * Container image references as CI tools write them (`alpine:3.9`, `ghcr.io/acme/api:1.2`,
 * `ghcr.io/acme/api@sha256:...`) reduced to the repository, so that a report matches the
 * `posture.dev/image` annotation whatever its tag or digest, and the newest scan of a
 * repository replaces the previous one.
 */

const DIGEST_PATTERN = /@(sha256|sha384|sha512):[a-f0-9]+$/i;

/**
 * The canonical repository of an image reference: lower-case, without tag or digest, with
 * Docker Hub's implicit `docker.io/` and `library/` made explicit.
 * @public
 */
export function normalizeImageRepository(reference: string): string {
  let ref = reference.trim().toLowerCase().replace(DIGEST_PATTERN, '');
  const lastSlash = ref.lastIndexOf('/');
  const tagColon = ref.indexOf(':', lastSlash + 1);
  if (tagColon !== -1) {
    ref = ref.slice(0, tagColon);
  }
  const segments = ref.split('/');
  const first = segments[0];
  const hasRegistry =
    segments.length > 1 &&
    (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) {
    segments.unshift('docker.io');
  }
  if (segments[0] === 'docker.io' && segments.length === 2) {
    segments.splice(1, 0, 'library');
  }
  return segments.join('/');
}

/** `sha256:...` from a repo digest (`repo@sha256:...`) or a bare digest; null otherwise. @public */
export function digestOf(reference: string): string | null {
  const match = reference.trim().match(/(sha256|sha384|sha512):[a-f0-9]+$/i);
  return match ? match[0].toLowerCase() : null;
}
