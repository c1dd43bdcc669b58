import { ResponseError } from '@backstage/errors';
import type {
  CheckResult,
  Exemption,
} from '@posture/backstage-plugin-security-common';

/** What the client rejects with when the backend refuses, e.g. 403 with its message. */
export function backendError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    ),
  );
}

/** An exemption as the backend answers it; override what a test cares about. */
export function exemption(overrides: Partial<Exemption> = {}): Exemption {
  return {
    id: '5f0c8e9a-1d2b-4c3d-9e8f-0a1b2c3d4e5f',
    entityRef: 'component:default/payments',
    check: 'scan-age',
    findingId: null,
    justification: 'The scanner moves to the new cluster this sprint',
    requester: 'user:default/alice',
    approver: null,
    comment: null,
    status: 'pending',
    expiresAt: '2027-01-31T23:59:59.999Z',
    createdAt: '2026-12-01T09:00:00.000Z',
    decidedAt: null,
    ...overrides,
  };
}

/** A policy check result as the posture lists it. */
export function checkResult(overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    check: 'scan-age',
    status: 'pass',
    weight: 20,
    gate: false,
    message: 'The newest scan is 2 days old',
    fix: null,
    exemption: null,
    ...overrides,
  };
}
