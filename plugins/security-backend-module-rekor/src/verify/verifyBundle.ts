import crypto from 'crypto';
import {
  bundleFromJSON,
  type Bundle,
  type TransparencyLogEntry,
} from '@sigstore/bundle';
import { RFC3161Timestamp } from '@sigstore/core';
import { HashAlgorithm } from '@sigstore/protobuf-specs';
import {
  PolicyError,
  VerificationError,
  Verifier,
  toSignedEntity,
  type Signer,
  type TrustMaterial,
} from '@sigstore/verify';
import type { SignerIdentity } from '@posture/backstage-plugin-security-common';
import { parseDigest, type ParsedDigest } from './digest';
import { compileIdentities, isAllowedSigner } from './identity';
import {
  checkCosignPayload,
  checkStatementSubject,
  type SubjectCheck,
} from './subject';
import { failureCategory } from './failureCategory';
import { checkpointMismatch, unauthenticatedEntryFields } from './tlogChecks';
import {
  invalidVerdict as invalid,
  type AllowedIdentity,
  type SignatureVerdict,
} from './types';

/** @public */
export type VerifyBundleOptions = {
  trust: TrustMaterial;
  /** `sha256:<hex>` of the image (sha384/sha512 also accepted for in-toto subjects). */
  expectedDigest: string;
  identities: AllowedIdentity[];
  /** The exact bytes of cosign's simple-signing payload, for message signatures. */
  payload?: Buffer;
};

type Kind = SignatureVerdict['kind'];

function describeError(error: unknown): string {
  if (error instanceof VerificationError || error instanceof PolicyError) {
    const cause: unknown = error.cause;
    const detail = cause
      ? ` (${cause instanceof Error ? cause.message : String(cause)})`
      : '';
    const category = failureCategory(error.code, `${error.message}${detail}`);
    return `${category}: ${error.code}: ${error.message}${detail}`;
  }
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error);
}

function parseBundle(json: unknown): { bundle: Bundle } | { reason: string } {
  try {
    const value =
      typeof json === 'string' || Buffer.isBuffer(json)
        ? JSON.parse(json.toString())
        : json;
    return { bundle: bundleFromJSON(value) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { reason: `not a Sigstore bundle: ${message}` };
  }
}

/** Before parsing succeeds, guess from the raw shape so the verdict still says what it was. */
const rawKind = (json: unknown): Kind =>
  json && typeof json === 'object' && 'dsseEnvelope' in json
    ? 'attestation'
    : 'signature';

const HASH_NAMES: Partial<Record<HashAlgorithm, string>> = {
  [HashAlgorithm.SHA2_256]: 'sha256',
  [HashAlgorithm.SHA2_384]: 'sha384',
  [HashAlgorithm.SHA2_512]: 'sha512',
};

/**
 * Why the given payload cannot be what a message signature signed. Used to replace the
 * verifier's generic SIGNATURE_ERROR, which is all it can say about a missing or wrong
 * payload; earlier failures (chain, log) keep their own reason.
 */
function payloadMismatch(
  bundle: Bundle,
  payload: Buffer | undefined,
): string | null {
  if (bundle.content.$case !== 'messageSignature') {
    return null;
  }
  if (!payload) {
    return 'message signature without its signed payload';
  }
  const { messageDigest } = bundle.content.messageSignature;
  const algorithm = messageDigest && HASH_NAMES[messageDigest.algorithm];
  if (!messageDigest || !algorithm) {
    return 'message signature has no supported message digest';
  }
  const actual = crypto.createHash(algorithm).update(payload).digest();
  if (!actual.equals(Buffer.from(messageDigest.digest))) {
    return `payload ${algorithm}:${actual.toString(
      'hex',
    )} is not the signed message ${algorithm}:${Buffer.from(
      messageDigest.digest,
    ).toString('hex')}`;
  }
  return null;
}

function entryProblem(entries: TransparencyLogEntry[]): string | null {
  for (const entry of entries) {
    const problem =
      checkpointMismatch(entry) ?? unauthenticatedEntryFields(entry);
    if (problem) {
      return `bad log proof: TLOG_INCLUSION_PROOF_ERROR: ${problem}`;
    }
  }
  return null;
}

/** The log's SET-backed time, else (Rekor v2) the timestamp authority's. */
function signedTime(bundle: Bundle): string | null {
  const entry = bundle.verificationMaterial.tlogEntries[0];
  if (entry?.inclusionPromise && entry.integratedTime !== '0') {
    return new Date(Number(entry.integratedTime) * 1000).toISOString();
  }
  const tsa =
    bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps[0];
  if (tsa) {
    return RFC3161Timestamp.parse(
      Buffer.from(tsa.signedTimestamp),
    ).signingTime.toISOString();
  }
  return null;
}

function signerIdentity(signer: Signer): SignerIdentity | null {
  const subject = signer.identity?.subjectAlternativeName;
  const issuer = signer.identity?.extensions?.issuer;
  return subject && issuer ? { issuer, subject } : null;
}

function checkSubject(
  bundle: Bundle,
  payload: Buffer | undefined,
  expected: ParsedDigest,
): SubjectCheck {
  if (bundle.content.$case === 'dsseEnvelope') {
    const { payloadType, payload: statement } = bundle.content.dsseEnvelope;
    return checkStatementSubject(payloadType, Buffer.from(statement), expected);
  }
  // payloadMismatch has already required the payload for message signatures.
  return checkCosignPayload(payload ?? Buffer.alloc(0), expected);
}

/**
 * Judges one Sigstore bundle for one image: cryptography first (with no identity
 * policy, so a forged bundle is `invalid` whoever it claims to be from), then what it
 * was signed for, then who signed it. Resolves to a verdict for any bundle, however
 * broken; rejects only for bad options (malformed digest, bad subject pattern).
 * @public
 */
export async function verifyBundle(
  bundleJson: unknown,
  options: VerifyBundleOptions,
): Promise<SignatureVerdict> {
  const expected = parseDigest(options.expectedDigest);
  const allowed = compileIdentities(options.identities);

  const parsed = parseBundle(bundleJson);
  if ('reason' in parsed) {
    return invalid(rawKind(bundleJson), parsed.reason);
  }
  const { bundle } = parsed;
  const kind: Kind =
    bundle.content.$case === 'dsseEnvelope' ? 'attestation' : 'signature';

  const payloadProblem = payloadMismatch(bundle, options.payload);
  let signer: Signer;
  let time: string | null;
  try {
    signer = new Verifier(options.trust).verify(
      toSignedEntity(bundle, options.payload),
    );
    time = signedTime(bundle);
  } catch (error) {
    if (
      payloadProblem &&
      error instanceof VerificationError &&
      error.code === 'SIGNATURE_ERROR'
    ) {
      return invalid(kind, payloadProblem);
    }
    // Malformed certificates or timestamps throw parser errors, not VerificationError;
    // they are still a bad bundle, so they become a verdict too.
    return invalid(kind, describeError(error));
  }
  if (payloadProblem) {
    // Unreachable with a sound verifier (the signature is over the payload); kept so a
    // verifier change can never turn a missing payload into `verified`.
    return invalid(kind, payloadProblem);
  }
  const problem = entryProblem(bundle.verificationMaterial.tlogEntries);
  if (problem) {
    return invalid(kind, problem);
  }

  const entry = bundle.verificationMaterial.tlogEntries[0];
  const identity = signerIdentity(signer);
  const subject = checkSubject(bundle, options.payload, expected);
  const facts = {
    signer: identity,
    logIndex: entry ? Number(entry.logIndex) : null,
    integratedTime: time,
    kind,
    predicateType: subject.predicateType,
    digest: subject.digest,
  };
  if (!subject.ok) {
    return { status: 'invalid', reason: subject.reason, ...facts };
  }
  if (!identity) {
    return {
      status: 'unexpected-signer',
      reason: 'signed with a key, not a certificate identity',
      ...facts,
    };
  }
  if (!isAllowedSigner(identity, allowed)) {
    return {
      status: 'unexpected-signer',
      reason: `signer ${identity.subject} (issuer ${identity.issuer}) is not an allowed identity`,
      ...facts,
    };
  }
  return { status: 'verified', reason: null, ...facts };
}
