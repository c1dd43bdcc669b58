import type {
  SecretRequest,
  SecretRequestDetail,
  SecretRequestEvent,
} from '@posture/backstage-plugin-security-common';

/** A pending KV secret request as the backend answers it; override what a test cares about. */
export function secretRequest(
  overrides: Partial<SecretRequest> = {},
): SecretRequest {
  return {
    id: '0b7f6a52-3c1e-4d8a-9f2b-6e5d4c3b2a19',
    entityRef: 'component:default/payments',
    kind: 'kv',
    name: 'stripe-api-key',
    rotationPeriodDays: 90,
    justification: 'The payments service calls Stripe with this key',
    status: 'pending',
    requester: 'user:default/alice',
    approver: null,
    reason: null,
    mount: 'secret',
    path: 'default/payments/stripe-api-key',
    version: null,
    policyName: null,
    createdAt: '2026-12-30T09:00:00.000Z',
    decidedAt: null,
    provisionedAt: null,
    expiresAt: '2027-01-06T09:00:00.000Z',
    ...overrides,
  };
}

/** A history step. */
export function secretRequestEvent(
  overrides: Partial<SecretRequestEvent> = {},
): SecretRequestEvent {
  return {
    at: '2026-12-30T09:00:00.000Z',
    type: 'created',
    actor: 'user:default/alice',
    detail: null,
    ...overrides,
  };
}

/** A request with its history; a created event unless the test says otherwise. */
export function secretRequestDetail(
  overrides: Partial<SecretRequestDetail> = {},
): SecretRequestDetail {
  return {
    ...secretRequest(overrides),
    events: [secretRequestEvent()],
    ...overrides,
  };
}

/** The request once carol approved it and Vault holds version 1 with its read policy. */
export function provisionedRequest(
  overrides: Partial<SecretRequestDetail> = {},
): SecretRequestDetail {
  return secretRequestDetail({
    status: 'provisioned',
    approver: 'user:default/carol',
    version: 1,
    policyName: 'posture-default-payments-stripe-api-key',
    decidedAt: '2026-12-30T10:00:00.000Z',
    provisionedAt: '2026-12-30T10:00:02.000Z',
    events: [
      secretRequestEvent(),
      secretRequestEvent({
        at: '2026-12-30T10:00:00.000Z',
        type: 'approved',
        actor: 'user:default/carol',
      }),
      secretRequestEvent({
        at: '2026-12-30T10:00:02.000Z',
        type: 'provisioned',
        actor: null,
        detail: 'secret/default/payments/stripe-api-key version 1',
      }),
    ],
    ...overrides,
  });
}
