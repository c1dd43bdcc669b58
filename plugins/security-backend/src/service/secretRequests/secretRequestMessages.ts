import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type { SecretRequest } from '@posture/backstage-plugin-security-common';

type NotificationPayload = NotificationSendOptions['payload'];

export const SECRET_REQUEST_TOPIC = 'posture-secret-request';

/**
 * Where the frontend mounts the secret requests page (the queue at `/queue`, one request at
 * `/requests/<id>`).
 */
export const SECRET_REQUESTS_PAGE = '/security/secret-requests';

/** The state changes a requester hears of. */
export type SecretRequestChange =
  | 'approved'
  | 'retried'
  | 'provisioned'
  | 'failed'
  | 'rejected'
  | 'expired';

export function secretRequestLink(id: string): string {
  return `${SECRET_REQUESTS_PAGE}/requests/${encodeURIComponent(id)}`;
}

function serviceName(entityRef: string): string {
  try {
    return parseEntityRef(entityRef).name;
  } catch {
    return entityRef;
  }
}

function kindWords(request: SecretRequest): string {
  return request.kind === 'kv' ? 'KV secret' : 'database role';
}

/** What a request is, in a notification: its name, kind and service; never a value. */
function subject(request: SecretRequest): string {
  return `${kindWords(request)} "${request.name}" for ${serviceName(
    request.entityRef,
  )}`;
}

/**
 * For approvers: someone asked for a secret. The justification stays on the request page (it
 * may be long); a notification names who asked for what.
 */
export function newRequestPayload(request: SecretRequest): NotificationPayload {
  return {
    title: `Secret request to review: ${subject(request)}`,
    description: `${request.requester} asks for a ${subject(
      request,
    )}, rotated every ${
      request.rotationPeriodDays
    } day(s). Approve or reject it before ${
      request.expiresAt
    }, when it expires.`,
    link: secretRequestLink(request.id),
    severity: 'normal',
    topic: SECRET_REQUEST_TOPIC,
    // Same scope and origin replace rather than duplicate, should a send be retried.
    scope: `${SECRET_REQUEST_TOPIC}:${request.id}:created`,
  };
}

const CHANGES: Record<
  SecretRequestChange,
  {
    title: string;
    severity: NotificationPayload['severity'];
    describe(r: SecretRequest): string;
  }
> = {
  approved: {
    title: 'is approved',
    severity: 'normal',
    describe: r =>
      `${
        r.approver ?? 'An approver'
      } approved it; Posture is provisioning it in Vault.`,
  },
  retried: {
    title: 'is being provisioned again',
    severity: 'normal',
    describe: () =>
      'An approver retried its provisioning after the last attempt failed.',
  },
  provisioned: {
    title: 'is ready',
    severity: 'normal',
    describe: r =>
      `It is in Vault at ${r.mount}/${r.path}. The request page shows how your service reads it.`,
  },
  failed: {
    title: 'could not be provisioned',
    severity: 'high',
    describe: r =>
      `Provisioning failed: ${
        r.reason ?? 'unknown error'
      }. An approver can retry it from the request page.`,
  },
  rejected: {
    title: 'was rejected',
    severity: 'normal',
    describe: r =>
      `${r.approver ?? 'An approver'} rejected it: ${
        r.reason ?? 'no reason given'
      }`,
  },
  expired: {
    title: 'expired undecided',
    severity: 'low',
    describe: r =>
      `Nobody decided on it before ${r.expiresAt}. Ask again if you still need it.`,
  },
};

/** For the requester: their request changed state. */
export function stateChangePayload(
  request: SecretRequest,
  change: SecretRequestChange,
): NotificationPayload {
  const { title, severity, describe } = CHANGES[change];
  return {
    title: `Your ${subject(request)} ${title}`,
    description: describe(request),
    link: secretRequestLink(request.id),
    severity,
    topic: SECRET_REQUEST_TOPIC,
    scope: `${SECRET_REQUEST_TOPIC}:${request.id}:${change}`,
  };
}
