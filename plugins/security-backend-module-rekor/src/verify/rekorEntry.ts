import crypto from 'crypto';
import { InputError } from '@backstage/errors';
import type { SerializedBundle, SerializedEnvelope } from '@sigstore/bundle';

/**
 * One value of a Rekor v1 `GET /api/v1/log/entries/{uuid}` response (the response is
 * `{ "<uuid>": RekorV1LogEntry }`). Hashes and logID are hex here; bundles use base64.
 * @public
 */
export type RekorV1LogEntry = {
  body: string;
  integratedTime: number;
  logID: string;
  logIndex: number;
  /** What Rekor's attestation storage kept: for `intoto` entries, the statement (base64). */
  attestation?: { data?: string };
  verification?: {
    signedEntryTimestamp?: string;
    inclusionProof?: {
      logIndex: number;
      rootHash: string;
      treeSize: number;
      hashes: string[];
      checkpoint: string;
    };
  };
};

/** A bundle's `verificationMaterial.tlogEntries[]` item, protobuf-JSON. @public */
export type SerializedTlogEntry = {
  logIndex: string;
  logId: { keyId: string };
  kindVersion: { kind: string; version: string };
  integratedTime: string;
  inclusionPromise?: { signedEntryTimestamp: string };
  inclusionProof?: {
    logIndex: string;
    rootHash: string;
    treeSize: string;
    hashes: string[];
    checkpoint: { envelope: string };
  };
  canonicalizedBody: string;
};

/** What the log body does not hold: a DSSE entry stores only hashes of the envelope. @public */
export type EntryMaterial = {
  dsseEnvelope: SerializedEnvelope;
  /** The signing certificate, DER bytes or base64 of them. */
  certificate: Buffer | string;
};

const hexToBase64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
const isHex = (s: unknown, length?: number): s is string =>
  typeof s === 'string' &&
  /^[0-9a-fA-F]*$/.test(s) &&
  (length === undefined ? s.length % 2 === 0 : s.length === length);

function assertEntry(entry: unknown): asserts entry is RekorV1LogEntry {
  const e = entry as Partial<RekorV1LogEntry> | null;
  const proof = e?.verification?.inclusionProof;
  const ok =
    !!e &&
    typeof e.body === 'string' &&
    Number.isSafeInteger(e.integratedTime) &&
    Number.isSafeInteger(e.logIndex) &&
    isHex(e.logID, 64) &&
    (!proof ||
      (Number.isSafeInteger(proof.logIndex) &&
        Number.isSafeInteger(proof.treeSize) &&
        isHex(proof.rootHash, 64) &&
        Array.isArray(proof.hashes) &&
        proof.hashes.every(h => isHex(h, 64)) &&
        typeof proof.checkpoint === 'string'));
  if (!ok) {
    throw new InputError('not a Rekor v1 log entry');
  }
}

/** RFC 6962 leaf hash of the (base64) body: the tail of the entry UUID. */
export const leafHash = (body: string) =>
  crypto
    .createHash('sha256')
    .update(Buffer.concat([Buffer.from([0]), Buffer.from(body, 'base64')]))
    .digest('hex');

/**
 * The entries of a `GET /api/v1/log/entries/{uuid}` (or `…?logIndex=`) response.
 * Each key must end with the leaf hash of its body, so an answer that does not match the
 * UUID it is filed under (or the UUID we asked for) is rejected before anything trusts it.
 * @public
 */
export function parseRekorEntriesResponse(
  response: unknown,
  expectedUuid?: string,
): Array<{ uuid: string; entry: RekorV1LogEntry }> {
  if (!response || typeof response !== 'object' || Array.isArray(response)) {
    throw new InputError('Rekor response is not a { uuid: entry } object');
  }
  const entries = Object.entries(response).map(([uuid, entry]) => {
    assertEntry(entry);
    const lower = uuid.toLowerCase();
    if (
      !/^([0-9a-f]{16})?[0-9a-f]{64}$/.test(lower) ||
      !lower.endsWith(leafHash(entry.body))
    ) {
      throw new InputError(`Rekor entry ${uuid} does not hash to its UUID`);
    }
    return { uuid: lower, entry };
  });
  if (
    expectedUuid !== undefined &&
    !entries.some(({ uuid }) =>
      uuid.endsWith(expectedUuid.toLowerCase().slice(-64)),
    )
  ) {
    throw new InputError(
      `Rekor response does not contain entry ${expectedUuid}`,
    );
  }
  return entries;
}

function entryBody(entry: RekorV1LogEntry): {
  kind: string;
  apiVersion: string;
  spec: Record<string, any>;
} {
  try {
    const body = JSON.parse(Buffer.from(entry.body, 'base64').toString('utf8'));
    if (
      typeof body?.kind === 'string' &&
      typeof body?.apiVersion === 'string'
    ) {
      return body;
    }
  } catch {
    // reported below
  }
  throw new InputError('Rekor entry body is not a Rekor proposed-entry JSON');
}

/**
 * The same mapping @sigstore/sign uses internally. `logIndex` stays the global index
 * (the SET covers it) while the proof keeps its shard-local index; int64s become strings.
 * @public
 */
export function rekorEntryToTlogEntry(entry: unknown): SerializedTlogEntry {
  assertEntry(entry);
  const body = entryBody(entry);
  const { signedEntryTimestamp, inclusionProof: proof } =
    entry.verification ?? {};
  return {
    logIndex: String(entry.logIndex),
    logId: { keyId: hexToBase64(entry.logID) },
    kindVersion: { kind: body.kind, version: body.apiVersion },
    integratedTime: String(entry.integratedTime),
    ...(signedEntryTimestamp && {
      inclusionPromise: { signedEntryTimestamp },
    }),
    ...(proof && {
      inclusionProof: {
        logIndex: String(proof.logIndex),
        rootHash: hexToBase64(proof.rootHash),
        treeSize: String(proof.treeSize),
        hashes: proof.hashes.map(hexToBase64),
        checkpoint: { envelope: proof.checkpoint },
      },
    }),
    canonicalizedBody: entry.body,
  };
}

const pemToDer = (pem: string) =>
  Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');

/**
 * A hashedrekord body carries the signature, certificate and artifact digest, so the
 * whole message-signature bundle can be rebuilt from the log; only the signed payload
 * (needed later by verifyBundle) is missing.
 */
function messageSignatureFromBody(spec: Record<string, any>) {
  const pem = Buffer.from(
    String(spec?.signature?.publicKey?.content ?? ''),
    'base64',
  ).toString('utf8');
  if (!pem.includes('BEGIN CERTIFICATE')) {
    throw new InputError(
      'hashedrekord entry is signed with a bare key, not a certificate',
    );
  }
  const hash = spec?.data?.hash;
  if (hash?.algorithm !== 'sha256' || !isHex(hash?.value, 64)) {
    throw new InputError('hashedrekord entry has no sha256 artifact digest');
  }
  return {
    certificate: pemToDer(pem),
    content: {
      messageSignature: {
        messageDigest: {
          algorithm: 'SHA2_256',
          digest: hexToBase64(hash.value),
        },
        signature: String(spec.signature.content),
      },
    },
  };
}

/**
 * An `intoto` 0.0.2 body keeps the envelope's signature and certificate, and Rekor's
 * attestation storage keeps the statement, so the envelope can be rebuilt from the log
 * alone. The verifier then checks the statement against the body's payloadHash and the
 * signature over it, so nothing here is trusted on its own.
 */
function intotoMaterialFromEntry(
  entry: RekorV1LogEntry,
  spec: Record<string, any>,
): EntryMaterial {
  const envelope = spec?.content?.envelope;
  const signature = envelope?.signatures?.[0];
  const statement = entry.attestation?.data;
  if (typeof statement !== 'string' || !statement) {
    throw new InputError(
      'intoto log entry without its attestation: the log did not keep the statement',
    );
  }
  if (
    typeof envelope?.payloadType !== 'string' ||
    typeof signature?.sig !== 'string' ||
    typeof signature?.publicKey !== 'string'
  ) {
    throw new InputError('intoto log entry has no signed envelope');
  }
  const pem = Buffer.from(signature.publicKey, 'base64').toString('utf8');
  if (!pem.includes('BEGIN CERTIFICATE')) {
    throw new InputError(
      'intoto log entry is signed with a bare key, not a certificate',
    );
  }
  return {
    certificate: pemToDer(pem),
    dsseEnvelope: {
      payloadType: envelope.payloadType,
      payload: statement,
      signatures: [
        {
          keyid: '',
          // Rekor stores the signature base64-encoded twice.
          sig: Buffer.from(signature.sig, 'base64').toString('utf8'),
        },
      ],
    },
  };
}

/**
 * A bundle (protobuf-JSON, ready for verifyBundle) from a Rekor v1 entry and what the log
 * does not store (nothing, for hashedrekord and for intoto entries with their attestation). Bundle v0.3 demands an inclusion proof; entries with only a SET
 * become v0.1 bundles, which the verifier accepts on the SET alone.
 * Throws `InputError` when the entry cannot be turned into a bundle; whether the result
 * verifies is verifyBundle's question.
 * @public
 */
export function bundleFromRekorEntry(
  entry: unknown,
  material?: EntryMaterial,
): SerializedBundle {
  const tlogEntry = rekorEntryToTlogEntry(entry);
  const body = entryBody(entry as RekorV1LogEntry);

  let certificate: Buffer;
  let content: Record<string, unknown>;
  if (body.kind === 'hashedrekord') {
    ({ certificate, content } = messageSignatureFromBody(body.spec));
  } else if (body.kind === 'intoto' && !material) {
    const rebuilt = intotoMaterialFromEntry(
      entry as RekorV1LogEntry,
      body.spec,
    );
    certificate = rebuilt.certificate as Buffer;
    content = { dsseEnvelope: rebuilt.dsseEnvelope };
  } else if (body.kind === 'dsse' || body.kind === 'intoto') {
    if (!material) {
      throw new InputError(
        `a ${body.kind} log entry stores only hashes; the DSSE envelope and certificate are required`,
      );
    }
    certificate = Buffer.isBuffer(material.certificate)
      ? material.certificate
      : Buffer.from(material.certificate, 'base64');
    content = { dsseEnvelope: material.dsseEnvelope };
  } else {
    throw new InputError(
      `Rekor entry kind ${body.kind} cannot become a Sigstore bundle`,
    );
  }

  const rawBytes = certificate.toString('base64');
  const withProof = tlogEntry.inclusionProof !== undefined;
  return {
    mediaType: withProof
      ? 'application/vnd.dev.sigstore.bundle.v0.3+json'
      : 'application/vnd.dev.sigstore.bundle+json;version=0.1',
    verificationMaterial: {
      ...(withProof
        ? { certificate: { rawBytes } }
        : { x509CertificateChain: { certificates: [{ rawBytes }] } }),
      tlogEntries: [tlogEntry],
    },
    ...content,
  } as unknown as SerializedBundle;
}
