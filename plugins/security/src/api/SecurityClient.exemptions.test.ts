import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { exemption } from '../testing/exemptionFixtures';
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

describe('SecurityClient exemptions', () => {
  it('lists an entity’s exemptions by status, with the user token', async () => {
    let seen: { url?: string; auth?: string | null } = {};
    server.use(
      http.get(`${baseUrl}/v1/exemptions`, ({ request }) => {
        seen = { url: request.url, auth: request.headers.get('authorization') };
        return HttpResponse.json({ items: [exemption()] });
      }),
    );

    const result = await client.listExemptions({
      entityRef: 'component:default/payments',
      status: 'pending',
    });

    expect(seen.url).toBe(
      `${baseUrl}/v1/exemptions?entityRef=component%3Adefault%2Fpayments&status=pending`,
    );
    expect(seen.auth).toBe('Bearer user-token');
    expect(result).toEqual({ items: [exemption()] });
  });

  it('POSTs a request as JSON and answers the pending exemption', async () => {
    let body: unknown;
    server.use(
      http.post(`${baseUrl}/v1/exemptions`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(exemption(), { status: 201 });
      }),
    );
    const request = {
      entityRef: 'component:default/payments',
      check: 'scan-age' as const,
      justification: 'Scanner migration this sprint',
      expiresAt: '2027-01-31T23:59:59.999Z',
    };

    expect(await client.requestExemption(request)).toEqual(exemption());
    expect(body).toEqual(request);
  });

  it('rejects a refused request with the backend message', async () => {
    server.use(
      http.post(`${baseUrl}/v1/exemptions`, () =>
        backendError(
          400,
          'InputError',
          'expiresAt 2027-09-01T00:00:00.000Z is more than 90 days ahead',
        ),
      ),
    );
    const error = await client
      .requestExemption({
        entityRef: 'component:default/payments',
        check: 'sbom',
        justification: 'x'.repeat(20),
        expiresAt: '2027-09-01T00:00:00.000Z',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.cause.message).toBe(
      'expiresAt 2027-09-01T00:00:00.000Z is more than 90 days ahead',
    );
  });

  it('approves and rejects by id (encoded), with the comment when there is one', async () => {
    const seen: Array<{ url: string; body: unknown }> = [];
    server.use(
      http.post(
        `${baseUrl}/v1/exemptions/:id/:decision`,
        async ({ request }) => {
          seen.push({ url: request.url, body: await request.json() });
          return HttpResponse.json(exemption({ status: 'approved' }));
        },
      ),
    );

    await client.approveExemption('a/b', 'Fine until March');
    await client.rejectExemption('id-2');

    expect(seen).toEqual([
      {
        url: `${baseUrl}/v1/exemptions/a%2Fb/approve`,
        body: { comment: 'Fine until March' },
      },
      { url: `${baseUrl}/v1/exemptions/id-2/reject`, body: {} },
    ]);
  });

  it('rejects approving one’s own exemption with the backend’s 403 message', async () => {
    server.use(
      http.post(`${baseUrl}/v1/exemptions/:id/approve`, () =>
        backendError(
          403,
          'NotAllowedError',
          'You cannot approve your own exemption',
        ),
      ),
    );
    const error = await client.approveExemption('id-1').catch(e => e);
    expect(error.response.status).toBe(403);
    expect(error.cause.message).toBe('You cannot approve your own exemption');
  });
});
