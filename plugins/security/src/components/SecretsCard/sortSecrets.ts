import {
  compareSecretUrgency,
  type SecretItem,
} from '@posture/backstage-plugin-security-common';

/**
 * The backend's order (most urgent, then oldest first), applied again because the card only
 * shows the first few rows and those must be the urgent ones whatever the backend version.
 * Stable, so equal rows keep the backend's order.
 */
export function sortSecrets(items: readonly SecretItem[]): SecretItem[] {
  return [...items].sort(compareSecretUrgency);
}
