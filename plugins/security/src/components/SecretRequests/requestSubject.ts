import { parseEntityRef } from '@backstage/catalog-model';
import type { SecretRequest } from '@posture/backstage-plugin-security-common';

/** "stripe-api-key for payments": how buttons and dialogs name a request. */
export function requestSubject(
  request: Pick<SecretRequest, 'name' | 'entityRef'>,
): string {
  let service = request.entityRef;
  try {
    service = parseEntityRef(request.entityRef).name;
  } catch {
    // Shown as sent.
  }
  return `${request.name} for ${service}`;
}
