import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { StoredSecretRequest } from '../../database/DatabaseSecretRequestStore';

import type { AuditMeta } from '../audited';

/** What auditor events carry about a secret request (JSON; never a value or the justification). */
export type { AuditMeta };

/** Who the auditor records for Posture's own steps (provisioning, expiry). */
export const POSTURE_ACTOR = 'plugin:security';

/** What an auditor event says about a request: who, which secret, where, what state. */
export function auditMeta(
  request: StoredSecretRequest,
  actor: string | number | null,
): AuditMeta {
  return {
    requestId: request.id,
    entityRef: request.entityRef,
    kind: request.kind,
    name: request.name,
    mount: request.mount,
    path: request.path,
    status: request.status,
    requester: request.requester,
    approver: request.approver,
    attempt: request.attempt,
    version: request.version,
    policyName: request.policyName,
    reason: request.status === 'failed' ? request.reason : null,
    actor,
  };
}

export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? principal.subject ?? principal.type;
}
