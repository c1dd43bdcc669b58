import type { OverdueSecret, PostureReason, SecretsSummary } from './types';

/** Overdue secrets named one reason each; the rest share one, so the list stays readable. */
export const NAMED_OVERDUE_SECRETS = 5;

const days = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const plural = (n: number, word: string) =>
  `${days.format(n)} ${word}${n === 1 ? '' : 's'}`;

/**
 * The reason for one overdue secret: its name, age and limit, and the fix for its kind.
 * The Secrets card shows the same fix on the secret's row.
 * @public
 */
export function overdueSecretReason(secret: OverdueSecret): PostureReason {
  const age = plural(secret.ageDays, 'day');
  // People rotate KV secrets; Vault rotates static roles, so an overdue role is a broken rotation.
  if (secret.kind === 'database-static-role') {
    return {
      check: 'secret-rotation',
      message: `Static role ${
        secret.path
      } was last rotated ${age} ago; it should rotate every ${plural(
        secret.maxAgeDays,
        'day',
      )}`,
      fix: `Find out why Vault stopped rotating ${secret.path} (${age} old): check the role and its database connection in the ${secret.engine} mount.`,
      target: 'secrets',
    };
  }
  return {
    check: 'secret-rotation',
    message: `${secret.path} is ${age} old, past its ${days.format(
      secret.maxAgeDays,
    )}-day limit`,
    fix: `Rotate ${secret.path} (${age} old): write a new version in the ${secret.engine} mount and roll it out.`,
    target: 'secrets',
  };
}

/**
 * The reasons for overdue secrets: one per secret, naming it, its age and what to do. A
 * summary stored before it named its overdue secrets gets one reason with the count.
 * @public
 */
export function secretRotationReasons(
  secrets: Pick<SecretsSummary, 'overdue' | 'overdueSecrets'>,
): PostureReason[] {
  const named = (secrets.overdueSecrets ?? []).slice(0, NAMED_OVERDUE_SECRETS);
  const rest = secrets.overdue - named.length;
  const reasons = named.map(overdueSecretReason);
  if (rest > 0) {
    const some = named.length > 0 ? ' more' : '';
    reasons.push({
      check: 'secret-rotation',
      message: `${rest}${some} secret${
        rest === 1 ? ' is' : 's are'
      } overdue for rotation`,
      fix: 'Rotate each one listed as overdue under Secrets: write a new version (KV), or check why Vault could not rotate the static role.',
      target: 'secrets',
    });
  }
  return reasons;
}

/**
 * Said beside the secret-age check when Vault could not be read: the ages shown are the last
 * known ones.
 * @public
 */
export function secretsStaleReason(): PostureReason {
  return {
    check: 'secrets-stale',
    message:
      'Vault could not be read at the last check; secret ages are the last known ones',
    fix: "Check the Posture Vault token's policy and Vault's health.",
    target: 'secrets',
  };
}
