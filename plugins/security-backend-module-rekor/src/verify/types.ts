import type { SignerIdentity } from '@posture/backstage-plugin-security-common';

/**
 * An identity allowed to sign: the OIDC issuer (compared exactly) and a pattern for the
 * certificate's subject alternative name (a regular expression, always matched whole).
 * @public
 */
export type AllowedIdentity = {
  issuer: string;
  subjectPattern: string;
};

/** @public */
export type SignatureVerdictStatus =
  | 'verified'
  | 'invalid'
  | 'unexpected-signer';

/**
 * The outcome of checking one bundle against one image digest. `signer`, `logIndex`,
 * `integratedTime`, `predicateType` and `digest` come only from material that passed
 * the cryptographic checks; they are null when it did not.
 * @public
 */
export type SignatureVerdict = {
  status: SignatureVerdictStatus;
  /** Why it is not `verified`; null when it is. */
  reason: string | null;
  signer: SignerIdentity | null;
  logIndex: number | null;
  /** ISO time the log (or, for Rekor v2, the timestamp authority) vouches for. */
  integratedTime: string | null;
  kind: 'signature' | 'attestation';
  predicateType: string | null;
  /** The digest the signature is for, `algorithm:hex`. */
  digest: string | null;
};

/**
 * A verdict reached before anything in the material could be trusted: no signer, log index
 * or time, since those would come from what failed.
 */
export function invalidVerdict(
  kind: SignatureVerdict['kind'],
  reason: string,
): SignatureVerdict {
  return {
    status: 'invalid',
    reason,
    signer: null,
    logIndex: null,
    integratedTime: null,
    kind,
    predicateType: null,
    digest: null,
  };
}
