import { secretRotationReasons, secretsStaleReason } from '../../secretReasons';
import type { CheckContext, CheckOutcome } from './outcome';

/** No secret is past its maximum age (`overdue`, recomputed at `now` by the backend). */
export function secretAge(context: CheckContext): CheckOutcome {
  const secrets = context.sections.secrets;
  if (!secrets) {
    return {
      status: 'missing',
      message: "The secrets' ages are not known yet",
      fix: "Check that the entity's vault.io/secrets-path or posture.dev/vault-static-roles name what Vault holds, and that Posture's Vault token may read their metadata.",
      target: 'secrets',
    };
  }
  const notes = secrets.stale ? [secretsStaleReason()] : [];
  if (secrets.overdue <= 0) {
    return {
      status: 'pass',
      message: `No secret is past its maximum age (${secrets.total} tracked)`,
      fix: null,
      target: 'secrets',
      notes,
    };
  }
  // One sentence per named secret, as the Secrets card says them.
  const reasons = secretRotationReasons(secrets);
  return {
    status: 'fail',
    message: reasons.map(r => r.message).join('. '),
    fix: reasons.map(r => r.fix).join(' '),
    target: 'secrets',
    notes,
  };
}
