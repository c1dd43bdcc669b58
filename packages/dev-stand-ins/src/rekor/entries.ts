import fs from 'fs';
import path from 'path';
import {
  RekorEntryInput,
  RekorEntryResponse,
  RekorLogEntry,
  RekorStoredEntry,
} from './types';

/** A UUID as Rekor accepts it: the 64-hex leaf hash, or 16-hex tree ID + leaf hash. */
export const UUID_PATTERN = /^([0-9a-fA-F]{64}|[0-9a-fA-F]{80})$/;

/** SearchIndex.hash in Rekor's OpenAPI. */
export const SEARCH_HASH_PATTERN =
  /^(sha512:)?[0-9a-fA-F]{128}$|^(sha256:)?[0-9a-fA-F]{64}$|^(sha1:)?[0-9a-fA-F]{40}$/;

/** Rekor lower-cases the hash and reads a bare hex value as SHA-256. */
export function normaliseSearchHash(hash: string): string {
  const lower = hash.toLowerCase();
  return lower.includes(':') ? lower : `sha256:${lower}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Why a value is not a v1 log entry, or undefined when it is one. */
export function logEntryProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'not an object';
  if (typeof value.body !== 'string') return 'no string "body"';
  if (typeof value.integratedTime !== 'number')
    return 'no numeric "integratedTime"';
  if (typeof value.logID !== 'string') return 'no string "logID"';
  if (typeof value.logIndex !== 'number') return 'no numeric "logIndex"';
  return undefined;
}

function hashKey(hash: unknown): string | undefined {
  if (!isObject(hash)) return undefined;
  const { algorithm, value } = hash;
  if (typeof algorithm !== 'string' || typeof value !== 'string')
    return undefined;
  return `${algorithm}:${value}`.toLowerCase();
}

/** Subject digests of an in-toto statement inside a DSSE envelope that still has its payload. */
function envelopeSubjects(envelope: unknown): string[] {
  if (!isObject(envelope) || typeof envelope.payload !== 'string') return [];
  try {
    const statement = JSON.parse(
      Buffer.from(envelope.payload, 'base64').toString('utf8'),
    );
    if (!Array.isArray(statement?.subject)) return [];
    return statement.subject.flatMap((subject: unknown) =>
      isObject(subject) && isObject(subject.digest)
        ? Object.entries(subject.digest)
            .filter(([, v]) => typeof v === 'string')
            .map(([alg, v]) => `${alg}:${v}`.toLowerCase())
        : [],
    );
  } catch {
    return [];
  }
}

/**
 * The hash keys Rekor would index an entry under, as far as the canonicalized body shows
 * them. Identity keys (public key, email, SAN) are not indexed.
 */
export function indexKeysOf(body: unknown): string[] {
  if (!isObject(body) || !isObject(body.spec)) return [];
  const spec = body.spec;
  const keys: Array<string | undefined> = [];
  switch (body.kind) {
    case 'hashedrekord':
    case 'rekord':
      keys.push(hashKey(isObject(spec.data) ? spec.data.hash : undefined));
      break;
    case 'jar':
      keys.push(
        hashKey(isObject(spec.archive) ? spec.archive.hash : undefined),
      );
      break;
    case 'rpm':
    case 'alpine':
      keys.push(
        hashKey(isObject(spec.package) ? spec.package.hash : undefined),
      );
      break;
    case 'intoto': {
      const content = isObject(spec.content) ? spec.content : {};
      keys.push(hashKey(content.hash), hashKey(content.payloadHash));
      keys.push(...envelopeSubjects(content.envelope));
      break;
    }
    case 'dsse':
      keys.push(hashKey(spec.envelopeHash), hashKey(spec.payloadHash));
      if (isObject(spec.proposedContent)) {
        const envelope = spec.proposedContent.envelope;
        keys.push(
          ...envelopeSubjects(
            typeof envelope === 'string' ? safeJson(envelope) : envelope,
          ),
        );
      }
      break;
    default:
      break;
  }
  return keys.filter((k): k is string => k !== undefined);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Decodes the base64 body; undefined when it is not base64 JSON. */
export function decodeBody(body: string): Record<string, unknown> | undefined {
  const parsed = safeJson(Buffer.from(body, 'base64').toString('utf8'));
  return isObject(parsed) ? parsed : undefined;
}

function isEntryInput(value: unknown): value is RekorEntryInput {
  return (
    isObject(value) && typeof value.uuid === 'string' && isObject(value.entry)
  );
}

/** Turns either input shape into stored entries; throws on anything else. */
export function toStoredEntries(
  value: RekorEntryResponse | RekorEntryInput,
  source?: string,
): RekorStoredEntry[] {
  const where = source ? ` in ${source}` : '';
  let pairs: Array<{ uuid: string; entry: unknown; subjects: unknown }> = [];
  if (isEntryInput(value)) {
    pairs = [
      { uuid: value.uuid, entry: value.entry, subjects: value.subjectDigests },
    ];
  } else if (isObject(value)) {
    pairs = Object.entries(value).map(([uuid, entry]) => ({
      uuid,
      entry,
      subjects: undefined,
    }));
  }
  if (pairs.length === 0) {
    throw new Error(`no Rekor v1 log entry${where}`);
  }
  return pairs.map(({ uuid, entry, subjects }) => {
    if (!UUID_PATTERN.test(uuid)) {
      throw new Error(`"${uuid}"${where} is not a 64- or 80-hex entry UUID`);
    }
    const problem = logEntryProblem(entry);
    if (problem) {
      throw new Error(`entry ${uuid}${where}: ${problem}`);
    }
    if (
      subjects !== undefined &&
      (!Array.isArray(subjects) || subjects.some(s => typeof s !== 'string'))
    ) {
      throw new Error(`subjectDigests of ${uuid}${where} must be strings`);
    }
    const copy = JSON.parse(JSON.stringify(entry)) as RekorLogEntry;
    const body = decodeBody(copy.body);
    const keys = [
      ...indexKeysOf(body),
      ...((subjects as string[] | undefined) ?? []).map(normaliseSearchHash),
    ];
    return {
      uuid: uuid.toLowerCase(),
      entry: copy,
      kind: typeof body?.kind === 'string' ? body.kind : undefined,
      apiVersion:
        typeof body?.apiVersion === 'string' ? body.apiVersion : undefined,
      indexKeys: [...new Set(keys)],
      source,
    };
  });
}

function jsonFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap(item => {
      const full = path.join(dir, item.name);
      if (item.isDirectory()) return jsonFiles(full);
      return item.isFile() && item.name.endsWith('.json') ? [full] : [];
    });
}

export interface LoadedEntries {
  entries: RekorStoredEntry[];
  /** Files that are not v1 entry responses (e.g. a Rekor v2 TransparencyLogEntry). */
  skipped: Array<{ file: string; reason: string }>;
}

/**
 * Reads every `*.json` under `dir` (sub-folders included, in name order). Each file is a
 * `GET /api/v1/log/entries/{uuid}` response or a `{ uuid, entry, subjectDigests }` object.
 */
export function loadEntriesDir(dir: string): LoadedEntries {
  const result: LoadedEntries = { entries: [], skipped: [] };
  for (const file of jsonFiles(dir)) {
    const rel = path.relative(dir, file);
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
      result.entries.push(...toStoredEntries(parsed, rel));
    } catch (error) {
      result.skipped.push({
        file: rel,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return result;
}
