import {
  shortDigest,
  signatureStaleReason,
  signatureStatusReason,
} from '../../signatureReasons';
import type { PostureReason } from '../../types';
import type { CheckContext, CheckOutcome } from './outcome';

/**
 * The current image's signature is `verified` (the allowed identities were checked upstream,
 * so a foreign signer fails). A log that could not be asked leaves it `missing`, never passed.
 */
export function signature(context: CheckContext): CheckOutcome {
  const summary = context.sections.signature;
  if (!summary) {
    return {
      status: 'missing',
      message: "The current image's signature has not been checked yet",
      fix: "Sign or attest the image in CI with cosign (keyless) and upload a scan that names the image's digest; Posture then checks the signature.",
      target: 'signature',
    };
  }
  const stale = signatureStaleReason(summary);
  const notes: PostureReason[] = stale ? [stale] : [];
  if (summary.status === 'verified') {
    const image = shortDigest(summary.digest);
    return {
      status: 'pass',
      message: summary.signer
        ? `${image} is signed by ${summary.signer.subject}, an allowed identity`
        : `${image} is signed by an allowed identity`,
      fix: null,
      target: 'signature',
      notes,
    };
  }
  const reason = signatureStatusReason(summary)!;
  return {
    status: summary.status === 'unknown' ? 'missing' : 'fail',
    message: reason.message,
    fix: reason.fix,
    target: 'signature',
    notes,
  };
}
