import { formatDigest, type ParsedDigest } from './digest';

/** What a verified envelope or payload says it is for, or why it is not for the image. */
export type SubjectCheck =
  | { ok: true; digest: string; predicateType: string | null }
  | {
      ok: false;
      reason: string;
      digest: string | null;
      predicateType: string | null;
    };

const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const COSIGN_SIGNATURE_TYPE = 'cosign container image signature';

const mismatch = (signedFor: string, expected: ParsedDigest) =>
  `digest mismatch: signed for ${signedFor}, not for the image's ${formatDigest(
    expected,
  )}`;

function parseJsonObject(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(bytes.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The in-toto statement's subjects, read from the envelope the verifier has just
 * checked (the signature covers PAE(payloadType, payload), so the subjects are signed).
 * Subjects are matched in the expected digest's algorithm: npm provenance, for one,
 * carries sha512 only.
 */
export function checkStatementSubject(
  payloadType: string,
  payload: Buffer,
  expected: ParsedDigest,
): SubjectCheck {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    return {
      ok: false,
      reason: `DSSE payload type ${payloadType} is not an in-toto statement`,
      digest: null,
      predicateType: null,
    };
  }
  const statement = parseJsonObject(payload);
  const predicateType =
    typeof statement?.predicateType === 'string'
      ? statement.predicateType
      : null;
  const subjects = Array.isArray(statement?.subject) ? statement.subject : [];
  const digests: ParsedDigest[] = subjects.flatMap((s: unknown) => {
    const d = (s as { digest?: unknown } | null)?.digest;
    if (!d || typeof d !== 'object') {
      return [];
    }
    return Object.entries(d).flatMap(([algorithm, hex]) =>
      typeof hex === 'string' ? [{ algorithm, hex: hex.toLowerCase() }] : [],
    );
  });
  if (digests.length === 0) {
    return {
      ok: false,
      reason: 'in-toto statement has no subject digests',
      digest: null,
      predicateType,
    };
  }
  const match = digests.find(
    d => d.algorithm === expected.algorithm && d.hex === expected.hex,
  );
  if (match) {
    return { ok: true, digest: formatDigest(match), predicateType };
  }
  const sameAlgorithm = digests.find(d => d.algorithm === expected.algorithm);
  const shown = sameAlgorithm ?? digests[0];
  return {
    ok: false,
    reason: mismatch(formatDigest(shown), expected),
    digest: formatDigest(shown),
    predicateType,
  };
}

/**
 * A cosign image signature signs the simple-signing payload, not the image: only the
 * payload's `critical.image["docker-manifest-digest"]` names the image.
 */
export function checkCosignPayload(
  payload: Buffer,
  expected: ParsedDigest,
): SubjectCheck {
  const critical = parseJsonObject(payload)?.critical as
    | { type?: unknown; image?: { 'docker-manifest-digest'?: unknown } }
    | undefined;
  if (critical?.type !== COSIGN_SIGNATURE_TYPE) {
    return {
      ok: false,
      reason: `signed payload is not a ${COSIGN_SIGNATURE_TYPE}`,
      digest: null,
      predicateType: null,
    };
  }
  const signed = critical.image?.['docker-manifest-digest'];
  if (typeof signed !== 'string') {
    return {
      ok: false,
      reason: 'cosign payload has no docker-manifest-digest',
      digest: null,
      predicateType: null,
    };
  }
  if (signed.toLowerCase() !== formatDigest(expected)) {
    return {
      ok: false,
      reason: mismatch(signed, expected),
      digest: signed,
      predicateType: null,
    };
  }
  return { ok: true, digest: formatDigest(expected), predicateType: null };
}
