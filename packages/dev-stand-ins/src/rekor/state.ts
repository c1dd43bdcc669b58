import fs from 'fs';
import {
  loadEntriesDir,
  normaliseSearchHash,
  toStoredEntries,
} from './entries';
import { RekorFaultRegistry } from './faults';
import { deriveLogInfo, logIdOfPublicKey, RekorLogInfo } from './logInfo';
import { defaultRekorPublicKeyPath } from './publicKey';
import { RekorEntryInput, RekorEntryResponse, RekorStoredEntry } from './types';

export interface RekorStandInOptions {
  /** Folder of entry JSON files (sub-folders included), e.g. fixtures/rekor/log-entries. */
  entriesDir?: string;
  /** Entries to add after those of `entriesDir`. */
  entries?: Array<RekorEntryResponse | RekorEntryInput>;
  /** PEM served by `GET /api/v1/log/publicKey`; by default the fixtures' public-good key. */
  publicKeyPem?: string;
  /** File to read the PEM from, when `publicKeyPem` is not given. */
  publicKeyPath?: string;
  /** Fixed `GET /api/v1/log` answer; by default derived from the entries' checkpoints. */
  logInfo?: RekorLogInfo;
}

/** The log's entries and settings; change them directly while the server runs. */
export class RekorState {
  readonly faults = new RekorFaultRegistry();
  publicKeyPem: string;
  /** When set, `GET /api/v1/log` answers this instead of deriving it. */
  logInfo?: RekorLogInfo;
  /** Files of `entriesDir` that were not v1 entries, with the reason. */
  readonly skipped: Array<{ file: string; reason: string }> = [];
  private readonly byUuid = new Map<string, RekorStoredEntry>();

  constructor(options: RekorStandInOptions = {}) {
    this.publicKeyPem =
      options.publicKeyPem ??
      fs.readFileSync(
        options.publicKeyPath ?? defaultRekorPublicKeyPath(),
        'utf8',
      );
    this.logInfo = options.logInfo;
    if (options.entriesDir) {
      const loaded = loadEntriesDir(options.entriesDir);
      loaded.entries.forEach(e => this.store(e));
      this.skipped.push(...loaded.skipped);
    }
    for (const item of options.entries ?? []) this.add(item);
  }

  /** Hex SHA-256 of the served key's DER, as Rekor's logID. */
  get logID(): string | undefined {
    return logIdOfPublicKey(this.publicKeyPem);
  }

  /**
   * Adds a `{ uuid: entry }` response or a `{ uuid, entry, subjectDigests }` input; an entry
   * with the same UUID is replaced. Returns the stored entries.
   */
  add(item: RekorEntryResponse | RekorEntryInput): RekorStoredEntry[] {
    const stored = toStoredEntries(item);
    stored.forEach(e => this.store(e));
    return stored;
  }

  /** Adds index keys (e.g. in-toto subject digests) to an existing entry. */
  addIndexKeys(uuid: string, digests: string[]): void {
    const stored = this.find(uuid);
    if (!stored) throw new Error(`no entry ${uuid}`);
    stored.indexKeys = [
      ...new Set([...stored.indexKeys, ...digests.map(normaliseSearchHash)]),
    ];
  }

  remove(uuid: string): boolean {
    const stored = this.find(uuid);
    return stored ? this.byUuid.delete(stored.uuid) : false;
  }

  clear(): void {
    this.byUuid.clear();
  }

  /** All entries, in insertion order. */
  list(): RekorStoredEntry[] {
    return [...this.byUuid.values()];
  }

  /**
   * The entry for a UUID, case-insensitive. A 64-hex UUID (leaf hash only) also finds an
   * entry stored under its 80-hex form and the other way round, as Rekor searches all shards.
   */
  find(uuid: string): RekorStoredEntry | undefined {
    const lower = uuid.toLowerCase();
    const exact = this.byUuid.get(lower);
    if (exact) return exact;
    const leaf = lower.length === 80 ? lower.slice(16) : lower;
    return this.list().find(
      e => (e.uuid.length === 80 ? e.uuid.slice(16) : e.uuid) === leaf,
    );
  }

  findByLogIndex(logIndex: number): RekorStoredEntry | undefined {
    return this.list().find(e => e.entry.logIndex === logIndex);
  }

  /** UUIDs of the entries indexed under a hash (`algorithm:hex`, or bare hex for SHA-256). */
  searchHash(hash: string): string[] {
    const key = normaliseSearchHash(hash);
    return this.list()
      .filter(e => e.indexKeys.includes(key))
      .map(e => e.uuid);
  }

  /** `{ uuid: entry }` as GET /api/v1/log/entries/{uuid} answers it. */
  response(stored: RekorStoredEntry): RekorEntryResponse {
    return { [stored.uuid]: stored.entry };
  }

  currentLogInfo(): RekorLogInfo | undefined {
    return this.logInfo ?? deriveLogInfo(this.list(), this.logID);
  }

  private store(entry: RekorStoredEntry): void {
    this.byUuid.set(entry.uuid, entry);
  }
}
