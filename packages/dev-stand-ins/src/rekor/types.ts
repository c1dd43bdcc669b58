/** `verification.inclusionProof` of a Rekor v1 log entry; hashes and rootHash are hex. */
export interface RekorInclusionProof {
  checkpoint: string;
  hashes: string[];
  /** Shard-local index. */
  logIndex: number;
  rootHash: string;
  treeSize: number;
}

/** The value of a Rekor v1 `LogEntry`, i.e. what sits under the UUID key. */
export interface RekorLogEntry {
  /** Base64 of the canonicalized entry JSON. */
  body: string;
  /** Unix seconds. */
  integratedTime: number;
  /** Hex SHA-256 of the log's DER public key. */
  logID: string;
  /** Global index (the SET input). */
  logIndex: number;
  attestation?: { data?: string };
  verification?: {
    inclusionProof?: RekorInclusionProof;
    signedEntryTimestamp?: string;
  };
}

/** A `GET /api/v1/log/entries/{uuid}` response: `{ "<uuid>": entry }`. */
export type RekorEntryResponse = Record<string, RekorLogEntry>;

/**
 * One entry with extra index keys. Rekor indexes the in-toto subject digests of `intoto` and
 * `dsse` entries, but their canonicalized bodies do not carry the statement, so a stand-in
 * cannot derive them: pass them here (e.g. `['sha256:<image digest>']`).
 */
export interface RekorEntryInput {
  uuid: string;
  entry: RekorLogEntry;
  subjectDigests?: string[];
}

/** An entry as the stand-in holds it. */
export interface RekorStoredEntry {
  uuid: string;
  /** Served exactly as given (a deep copy, key order kept). */
  entry: RekorLogEntry;
  /** `kind` and `apiVersion` of the decoded body, when it decodes. */
  kind?: string;
  apiVersion?: string;
  /** Lower-case `algorithm:hex` keys that `POST /api/v1/index/retrieve` finds it by. */
  indexKeys: string[];
  /** File it was loaded from, when loaded from a folder. */
  source?: string;
}
