import { createHash, randomBytes, randomUUID } from 'crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function base62(bytes: Buffer, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[bytes[i % bytes.length] % 62];
  return out;
}

/** Service tokens look like Vault 1.10+ ones ("hvs." prefix) so clients that sniff it behave. */
export function newServiceToken(): string {
  return `hvs.${base62(randomBytes(24), 24)}`;
}

/** Vault 1.10+ accessors are 24 base62 characters. */
export function newAccessor(): string {
  return base62(randomBytes(24), 24);
}

export function newUuid(): string {
  return randomUUID();
}

/**
 * Random-looking but reproducible text, so the demo seed is the same on every run and a test
 * can still search responses for a secret value.
 */
export function deterministicSecret(seed: string, length = 32): string {
  const digest = createHash('sha256').update(seed).digest();
  return base62(
    Buffer.concat([digest, createHash('sha256').update(digest).digest()]),
    length,
  );
}

/** A stable small integer from text, to spread demo profiles without Math.random. */
export function stableHash(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}
