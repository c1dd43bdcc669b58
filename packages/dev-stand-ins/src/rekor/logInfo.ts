import crypto from 'crypto';
import { RekorStoredEntry } from './types';

/** `LogInfo` / `InactiveShardLogInfo` of Rekor's OpenAPI. */
export interface RekorShardInfo {
  /** Hex. */
  rootHash: string;
  treeSize: number;
  /** The signed checkpoint text. */
  signedTreeHead: string;
  /** Decimal digits. */
  treeID: string;
}

export interface RekorLogInfo extends RekorShardInfo {
  inactiveShards?: RekorShardInfo[];
}

export interface ParsedCheckpoint {
  /** First line, e.g. 'rekor.sigstore.dev - 1193050959916656506'. */
  origin: string;
  /** The digits after ' - ' in the origin, when present. */
  treeID?: string;
  treeSize: number;
  /** Hex of the base64 root hash line. */
  rootHash: string;
}

/** Reads the body of a signed note (checkpoint); undefined when it is not one. */
export function parseCheckpoint(text: string): ParsedCheckpoint | undefined {
  const [origin, size, root] = text.split('\n');
  if (!origin || !/^\d+$/.test(size ?? '') || !root) return undefined;
  const rootBytes = Buffer.from(root, 'base64');
  if (rootBytes.length !== 32) return undefined;
  return {
    origin,
    treeID: / - (\d+)$/.exec(origin)?.[1],
    treeSize: Number(size),
    rootHash: rootBytes.toString('hex'),
  };
}

/** The log ID Rekor derives from its key: hex SHA-256 of the DER SubjectPublicKeyInfo. */
export function logIdOfPublicKey(pem: string): string | undefined {
  try {
    const der = crypto
      .createPublicKey(pem)
      .export({ type: 'spki', format: 'der' });
    return crypto.createHash('sha256').update(der).digest('hex');
  } catch {
    return undefined;
  }
}

/**
 * Log info from the entries' inclusion-proof checkpoints: per tree ID the checkpoint with the
 * largest tree; the largest of those is the active shard, the others are `inactiveShards`.
 * Only entries of `logID` count when any match it (the fixtures mix the staging and the
 * public-good logs). Undefined when no entry has a checkpoint with a tree ID.
 */
export function deriveLogInfo(
  entries: RekorStoredEntry[],
  logID?: string,
): RekorLogInfo | undefined {
  const ofLog = entries.filter(
    e => logID && e.entry.logID.toLowerCase() === logID.toLowerCase(),
  );
  const candidates = ofLog.length > 0 ? ofLog : entries;
  const latest = new Map<string, RekorShardInfo>();
  for (const { entry } of candidates) {
    const text = entry.verification?.inclusionProof?.checkpoint;
    const checkpoint = text ? parseCheckpoint(text) : undefined;
    if (!text || !checkpoint?.treeID) continue;
    const seen = latest.get(checkpoint.treeID);
    if (!seen || seen.treeSize < checkpoint.treeSize) {
      latest.set(checkpoint.treeID, {
        rootHash: checkpoint.rootHash,
        treeSize: checkpoint.treeSize,
        signedTreeHead: text,
        treeID: checkpoint.treeID,
      });
    }
  }
  const shards = [...latest.values()].sort((a, b) => b.treeSize - a.treeSize);
  if (shards.length === 0) return undefined;
  const [active, ...inactive] = shards;
  return inactive.length > 0
    ? { ...active, inactiveShards: inactive }
    : { ...active };
}
