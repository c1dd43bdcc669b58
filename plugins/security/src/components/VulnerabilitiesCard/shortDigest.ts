/**
 * `sha256:4b82…c5d4`: enough of both ends to tell two digests apart at a glance; the
 * full digest is in the tooltip and behind the copy button.
 */
export function shortDigest(digest: string): string {
  const separator = digest.indexOf(':');
  const algorithm = separator >= 0 ? digest.slice(0, separator + 1) : '';
  const hex = digest.slice(separator + 1);
  if (hex.length <= 8) {
    return digest;
  }
  return `${algorithm}${hex.slice(0, 4)}…${hex.slice(-4)}`;
}
