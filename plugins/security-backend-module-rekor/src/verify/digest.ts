import { InputError } from '@backstage/errors';

/** `algorithm:hex` split and lower-cased, so comparisons ignore hex case. */
export type ParsedDigest = { algorithm: string; hex: string };

const HEX_LENGTH: Record<string, number> = {
  sha256: 64,
  sha384: 96,
  sha512: 128,
};

/**
 * The expected digest comes from our own caller (an image digest), so a malformed one
 * is a programming error and throws instead of becoming a verdict.
 */
export function parseDigest(digest: string): ParsedDigest {
  const match = /^([a-z0-9]+):([0-9a-fA-F]+)$/.exec(digest);
  const algorithm = match?.[1];
  if (!match || !algorithm || HEX_LENGTH[algorithm] !== match[2].length) {
    throw new InputError(
      `expected digest must be sha256:<64 hex> (or sha384/sha512), got ${JSON.stringify(
        digest,
      )}`,
    );
  }
  return { algorithm, hex: match[2].toLowerCase() };
}

export const formatDigest = (d: ParsedDigest) => `${d.algorithm}:${d.hex}`;
