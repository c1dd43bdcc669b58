import type { TransparencyLogEntry } from '@sigstore/bundle';

/**
 * Checks @sigstore/verify 4.1.3 leaves out, for fields we report or that a reader of
 * the bundle would trust. Each returns a reason, or null when the entry is consistent.
 */

/**
 * The verifier proves inclusion against the root in the signed checkpoint and ignores
 * the proof's own `rootHash`/`treeSize`; a bundle whose copies disagree was altered.
 */
export function checkpointMismatch(entry: TransparencyLogEntry): string | null {
  const proof = entry.inclusionProof;
  const envelope = proof?.checkpoint?.envelope;
  if (!proof || !envelope) {
    return null;
  }
  // Signed note body: origin, tree size, base64 root hash, optional extension lines.
  const [, size, rootHash] = envelope.split('\n');
  if (size !== String(proof.treeSize)) {
    return `tree size ${proof.treeSize} does not match the signed checkpoint's ${size}`;
  }
  if (
    !rootHash ||
    !Buffer.from(rootHash, 'base64').equals(Buffer.from(proof.rootHash))
  ) {
    return 'root hash does not match the signed checkpoint';
  }
  return null;
}

/**
 * Without a signed entry timestamp nothing authenticates `integratedTime` or the
 * top-level `logIndex` (Rekor v2 writes 0 and the proof's index), so values that claim
 * more are not reported as facts: the entry is rejected.
 */
export function unauthenticatedEntryFields(
  entry: TransparencyLogEntry,
): string | null {
  if (entry.inclusionPromise) {
    return null;
  }
  if (entry.integratedTime !== '0') {
    return `integratedTime ${entry.integratedTime} is not covered by a signed entry timestamp`;
  }
  if (
    entry.inclusionProof &&
    entry.inclusionProof.logIndex !== entry.logIndex
  ) {
    return `logIndex ${entry.logIndex} differs from the inclusion proof's ${entry.inclusionProof.logIndex} and no signed entry timestamp covers it`;
  }
  return null;
}
