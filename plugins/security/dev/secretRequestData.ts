import { parseEntityRef, type Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { CatalogApi } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PermissionApi } from '@backstage/plugin-permission-react';
import {
  secretRequestPath,
  type SecretRequest,
  type SecretRequestDetail,
  type SecretRequestEvent,
} from '@posture/backstage-plugin-security-common';
import { DateTime } from 'luxon';
import type { SecurityApi } from '../src/api/SecurityApi';

/** What the request pickers offer in the dev app. */
export const devCatalog: Entity[] = [
  ['Component', 'payments', 'Payments'],
  ['Component', 'orders', 'Orders'],
  ['Component', 'ledger', undefined],
  ['Group', 'team-payments', 'Team Payments'],
  ['Group', 'team-platform', 'Platform'],
  ['User', 'alice', 'Alice Nguyen'],
  ['User', 'carol', 'Carol Okafor'],
  ['User', 'guest', 'Guest'],
].map(([kind, name, title]) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: kind!,
  metadata: { name: name!, namespace: 'default', ...(title ? { title } : {}) },
  spec: {},
}));

/** The pickers' catalog: `getEntities` by kind is all they ask. */
export const devCatalogApi = {
  async getEntities(request?: { filter?: { kind?: string } }) {
    const kind = request?.filter?.kind?.toLocaleLowerCase('en-US');
    return {
      items: devCatalog.filter(
        entity => !kind || entity.kind.toLocaleLowerCase('en-US') === kind,
      ),
    };
  },
} as unknown as CatalogApi;

/** Every permission granted, so Approve and Reject show in the dev app. */
export const devPermissionApi: PermissionApi = {
  authorize: async () => ({ result: AuthorizeResult.ALLOW }),
};

const ago = (hours: number) => DateTime.now().minus({ hours }).toISO()!;

function stored(
  request: Omit<
    SecretRequest,
    'mount' | 'path' | 'expiresAt' | 'version' | 'policyName'
  > &
    Partial<SecretRequest>,
  events: SecretRequestEvent[],
): SecretRequestDetail {
  const location = secretRequestPath(request);
  return {
    version: null,
    policyName: null,
    expiresAt: DateTime.fromISO(request.createdAt).plus({ days: 7 }).toISO()!,
    ...location,
    ...request,
    events,
  };
}

function failure(status: number, name: string, message: string) {
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

/**
 * Secret requests kept in memory, moving through their states as the backend would, so
 * every part of the page (form, my requests, the queue, a request's history and manifests)
 * can be seen in the dev app. The dev user is guest.
 */
export function devSecretRequests(
  user = 'user:default/guest',
): Pick<
  SecurityApi,
  | 'listSecretRequests'
  | 'getSecretRequest'
  | 'createSecretRequest'
  | 'approveSecretRequest'
  | 'rejectSecretRequest'
  | 'retrySecretRequest'
> {
  const requests = new Map<string, SecretRequestDetail>();
  const add = (request: SecretRequestDetail) =>
    requests.set(request.id, request);
  add(
    stored(
      {
        id: 'stripe',
        entityRef: 'component:default/payments',
        kind: 'kv',
        name: 'stripe-api-key',
        rotationPeriodDays: 90,
        justification: 'The payments service calls Stripe with this key.',
        status: 'pending',
        requester: 'user:default/alice',
        approver: null,
        reason: null,
        createdAt: ago(52),
        decidedAt: null,
        provisionedAt: null,
      },
      [
        {
          at: ago(52),
          type: 'created',
          actor: 'user:default/alice',
          detail: null,
        },
      ],
    ),
  );
  add(
    stored(
      {
        id: 'orders-db',
        entityRef: 'component:default/orders',
        kind: 'database-role',
        name: 'app_user',
        rotationPeriodDays: 30,
        justification: 'The orders service needs its own database user.',
        status: 'pending',
        requester: user,
        approver: null,
        reason: null,
        createdAt: ago(5),
        decidedAt: null,
        provisionedAt: null,
      },
      [{ at: ago(5), type: 'created', actor: user, detail: null }],
    ),
  );
  add(
    stored(
      {
        id: 'webhook',
        entityRef: 'component:default/payments',
        kind: 'kv',
        name: 'webhook-signing-key',
        rotationPeriodDays: 180,
        justification:
          'Signs the webhooks the payments service sends to merchants.',
        status: 'provisioned',
        requester: user,
        approver: 'user:default/carol',
        reason: null,
        version: 1,
        policyName: 'posture-default-payments-webhook-signing-key',
        createdAt: ago(200),
        decidedAt: ago(190),
        provisionedAt: ago(190),
      },
      [
        { at: ago(200), type: 'created', actor: user, detail: null },
        {
          at: ago(190),
          type: 'approved',
          actor: 'user:default/carol',
          detail: null,
        },
        {
          at: ago(190),
          type: 'provisioned',
          actor: null,
          detail: 'secret/default/payments/webhook-signing-key version 1',
        },
      ],
    ),
  );

  const later = <T>(value: T) =>
    new Promise<T>(resolve => setTimeout(() => resolve(value), 300));

  const decide = async (
    id: string,
    change: (request: SecretRequestDetail) => SecretRequestDetail,
  ) => {
    const request = requests.get(id);
    if (!request) {
      throw await failure(404, 'NotFoundError', `No secret request ${id}`);
    }
    if (request.requester === user) {
      throw await failure(
        403,
        'NotAllowedError',
        'You cannot approve or reject your own secret request',
      );
    }
    const next = change(request);
    requests.set(id, next);
    return later(next);
  };

  return {
    async listSecretRequests(query) {
      const items = [...requests.values()]
        .filter(r => !query.mine || r.requester === user)
        .filter(r => !query.status || r.status === query.status)
        .filter(r => !query.entityRef || r.entityRef === query.entityRef)
        .filter(r => !query.requester || r.requester === query.requester)
        .filter(
          r =>
            !query.owner ||
            (query.owner === 'group:default/team-payments') ===
              (parseEntityRef(r.entityRef).name === 'payments'),
        )
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map(({ events: _events, ...request }) => request);
      return later({ items });
    },
    async getSecretRequest(id) {
      const request = requests.get(id);
      if (!request) {
        throw await failure(404, 'NotFoundError', `No secret request ${id}`);
      }
      return later(request);
    },
    async createSecretRequest(input) {
      const id = `dev-${requests.size + 1}`;
      const now = DateTime.now().toISO()!;
      const request = stored(
        {
          ...input,
          id,
          status: 'pending',
          requester: user,
          approver: null,
          reason: null,
          createdAt: now,
          decidedAt: null,
          provisionedAt: null,
        },
        [{ at: now, type: 'created', actor: user, detail: null }],
      );
      requests.set(id, request);
      const { events: _events, ...created } = request;
      return later(created);
    },
    approveSecretRequest: id =>
      decide(id, request => {
        const now = DateTime.now().toISO()!;
        return {
          ...request,
          status: 'provisioned',
          approver: user,
          decidedAt: now,
          provisionedAt: now,
          version: request.kind === 'kv' ? 1 : null,
          policyName: `posture-${request.path.replace(/\//g, '-')}`,
          events: [
            ...request.events,
            { at: now, type: 'approved', actor: user, detail: null },
            {
              at: now,
              type: 'provisioned',
              actor: null,
              detail: `${request.mount}/${request.path}`,
            },
          ],
        };
      }),
    rejectSecretRequest: (id, reason) =>
      decide(id, request => {
        const now = DateTime.now().toISO()!;
        return {
          ...request,
          status: 'rejected',
          approver: user,
          reason,
          decidedAt: now,
          events: [
            ...request.events,
            { at: now, type: 'rejected', actor: user, detail: reason },
          ],
        };
      }),
    retrySecretRequest: id => decide(id, request => request),
  };
}
