import type { PostureReason, SignatureSummary } from './types';

const TRANSPARENCY_LOG_FIX =
  'Check that the Rekor log configured in security.rekor.baseUrl is reachable.';

/** The first characters of a digest, enough to tell images apart in a sentence. @public */
export function shortDigest(digest: string | null): string {
  return digest ? `${digest.slice(0, 19)}…` : 'the current image';
}

/**
 * What is wrong with the current image's signature and what to do, per status; null when it
 * is verified. The Security tab's signature card and the policy's `signature` check say the
 * same thing.
 * @public
 */
export function signatureStatusReason(
  signature: SignatureSummary,
): PostureReason | null {
  const image = shortDigest(signature.digest);
  const why = signature.reason ? `: ${signature.reason}` : '';
  switch (signature.status) {
    case 'invalid':
      return {
        check: 'signature-invalid',
        message: `The signature of ${image} does not verify${why}`,
        fix: 'Treat the image as untrusted until it is rebuilt and signed again from CI; check that the trusted roots in security.signing are current.',
        target: 'signature',
      };
    case 'unexpected-signer':
      return {
        check: 'signature-signer',
        message: `${image} is signed, but not by an allowed identity${why}`,
        fix: 'Sign from the release workflow, or add its identity to security.signing.identities or the posture.dev/signing-identity annotation.',
        target: 'signature',
      };
    case 'unsigned':
      return {
        check: 'signature-missing',
        message: `No verified signature or attestation for ${image}`,
        fix: 'Sign or attest the image in CI with cosign (keyless), then upload the bundle or let Posture find it in Rekor.',
        target: 'signature',
      };
    case 'unknown':
      return {
        check: 'signature-unknown',
        message: `The signature of ${image} could not be checked${why}`,
        fix: TRANSPARENCY_LOG_FIX,
        target: 'signature',
      };
    default:
      return null;
  }
}

/**
 * Said beside a real verdict that could not be re-checked: the state shown is the last known
 * one. Nothing for a verdict that is itself `unknown` (its reason already says so).
 * @public
 */
export function signatureStaleReason(
  signature: SignatureSummary,
): PostureReason | null {
  if (!signature.stale || signature.status === 'unknown') return null;
  return {
    check: 'signature-stale',
    message:
      'The transparency log could not be read at the last check; the signature state is the last known one',
    fix: TRANSPARENCY_LOG_FIX,
    target: 'signature',
  };
}
