import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  provisionedRequest,
  secretRequest,
  secretRequestDetail,
} from '../testing/secretRequestFixtures';
import { SecurityClient } from './SecurityClient';

const baseUrl = 'http://backstage.test/api/security';
const server = setupServer();
registerMswTestHooks(server);

const discoveryApi: DiscoveryApi = {
  getBaseUrl: async pluginId => `http://backstage.test/api/${pluginId}`,
};
const fetchApi: FetchApi = {
  fetch: (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', 'Bearer user-token');
    return fetch(input, { ...init, headers });
  },
};
const client = new SecurityClient({ discoveryApi, fetchApi });

const backendError = (status: number, name: string, message: string) =>
  HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'POST', url: '/' },
      response: { statusCode: status },
    },
    { status },
  );

describe('SecurityClient secret requests', () => {
  it('lists requests with every filter as a query parameter, with the user token', async () => {
    let seen: { url?: string; auth?: string | null } = {};
    server.use(
      http.get(`${baseUrl}/v1/secret-requests`, ({ request }) => {
        seen = { url: request.url, auth: request.headers.get('authorization') };
        return HttpResponse.json({ items: [secretRequest()] });
      }),
    );

    const result = await client.listSecretRequests({
      status: 'pending',
      entityRef: 'component:default/payments',
      owner: 'group:default/team-payments',
      requester: 'user:default/alice',
    });

    expect(seen.url).toBe(
      `${baseUrl}/v1/secret-requests?status=pending&entityRef=component%3Adefault%2Fpayments&owner=group%3Adefault%2Fteam-payments&requester=user%3Adefault%2Falice`,
    );
    expect(seen.auth).toBe('Bearer user-token');
    expect(result).toEqual({ items: [secretRequest()] });
  });

  it('asks for the user’s own requests with mine=true and leaves unset filters out', async () => {
    let url: string | undefined;
    server.use(
      http.get(`${baseUrl}/v1/secret-requests`, ({ request }) => {
        url = request.url;
        return HttpResponse.json({ items: [] });
      }),
    );

    await client.listSecretRequests({ mine: true, status: undefined });

    expect(url).toBe(`${baseUrl}/v1/secret-requests?mine=true`);
  });

  it('reads one request with its history by its encoded id', async () => {
    let url: string | undefined;
    server.use(
      http.get(`${baseUrl}/v1/secret-requests/:id`, ({ request }) => {
        url = request.url;
        return HttpResponse.json(provisionedRequest());
      }),
    );

    const detail = await client.getSecretRequest('a/b?c');

    expect(url).toBe(`${baseUrl}/v1/secret-requests/a%2Fb%3Fc`);
    expect(detail.events.map(e => e.type)).toEqual([
      'created',
      'approved',
      'provisioned',
    ]);
  });

  it('POSTs a new request as JSON and answers the pending request', async () => {
    let body: unknown;
    let contentType: string | null = null;
    server.use(
      http.post(`${baseUrl}/v1/secret-requests`, async ({ request }) => {
        body = await request.json();
        contentType = request.headers.get('content-type');
        return HttpResponse.json(secretRequest(), { status: 201 });
      }),
    );
    const input = {
      entityRef: 'component:default/payments',
      kind: 'kv' as const,
      name: 'stripe-api-key',
      rotationPeriodDays: 90,
      justification: 'The payments service calls Stripe with this key',
    };

    expect(await client.createSecretRequest(input)).toEqual(secretRequest());
    expect(body).toEqual(input);
    expect(contentType).toBe('application/json');
  });

  it('rejects a refused request with the backend’s message and status', async () => {
    server.use(
      http.post(`${baseUrl}/v1/secret-requests`, () =>
        backendError(
          409,
          'ConflictError',
          'stripe-api-key is already requested for component:default/payments',
        ),
      ),
    );

    const error = await client
      .createSecretRequest({
        entityRef: 'component:default/payments',
        kind: 'kv',
        name: 'stripe-api-key',
        rotationPeriodDays: 90,
        justification: 'The payments service calls Stripe with this key',
      })
      .catch(e => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(409);
    expect(error.cause.message).toBe(
      'stripe-api-key is already requested for component:default/payments',
    );
  });

  it('approves (with the comment when there is one), rejects with the reason and retries, by encoded id', async () => {
    const seen: Array<{ url: string; body: unknown }> = [];
    server.use(
      http.post(
        `${baseUrl}/v1/secret-requests/:id/:action`,
        async ({ request }) => {
          seen.push({ url: request.url, body: await request.json() });
          return HttpResponse.json(secretRequestDetail());
        },
      ),
    );

    await client.approveSecretRequest('a/b', 'Fine for the payments team');
    await client.approveSecretRequest('id-2');
    await client.rejectSecretRequest('id-3', 'Use the shared Stripe key');
    await client.retrySecretRequest('id-4');

    expect(seen).toEqual([
      {
        url: `${baseUrl}/v1/secret-requests/a%2Fb/approve`,
        body: { comment: 'Fine for the payments team' },
      },
      { url: `${baseUrl}/v1/secret-requests/id-2/approve`, body: {} },
      {
        url: `${baseUrl}/v1/secret-requests/id-3/reject`,
        body: { reason: 'Use the shared Stripe key' },
      },
      { url: `${baseUrl}/v1/secret-requests/id-4/retry`, body: {} },
    ]);
  });

  it('rejects approving one’s own request with the backend’s 403 message', async () => {
    server.use(
      http.post(`${baseUrl}/v1/secret-requests/:id/approve`, () =>
        backendError(
          403,
          'NotAllowedError',
          'You cannot approve your own secret request',
        ),
      ),
    );

    const error = await client.approveSecretRequest('id-1').catch(e => e);

    expect(error.response.status).toBe(403);
    expect(error.cause.message).toBe(
      'You cannot approve your own secret request',
    );
  });
});
