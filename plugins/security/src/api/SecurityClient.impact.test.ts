import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { campaign, campaignDetail } from '../testing/impactFixtures';
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

function backendError(status: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode: status } },
    { status },
  );
}

describe('SecurityClient impact and campaigns', () => {
  it('asks for a package with its ecosystem and range, sorted and paged, with the user token', async () => {
    const seen: { url?: URL; auth?: string | null } = {};
    const body = {
      items: [],
      totalCount: 0,
      query: { package: 'log4j-core' },
      owners: [],
    };
    server.use(
      http.get(`${baseUrl}/v1/impact`, ({ request }) => {
        seen.url = new URL(request.url);
        seen.auth = request.headers.get('authorization');
        return HttpResponse.json(body);
      }),
    );

    await expect(
      client.getImpact(
        { package: 'log4j-core', ecosystem: 'maven', version: '<2.17.1' },
        { sort: 'owner', order: 'asc', limit: 25, cursor: 'after-25' },
      ),
    ).resolves.toEqual(body);
    expect(Object.fromEntries(seen.url!.searchParams)).toEqual({
      package: 'log4j-core',
      ecosystem: 'maven',
      version: '<2.17.1',
      sort: 'owner',
      order: 'asc',
      limit: '25',
      cursor: 'after-25',
    });
    expect(seen.auth).toBe('Bearer user-token');
  });

  it('sends a purl with its qualifiers intact and leaves out what is unset', async () => {
    const urls: URL[] = [];
    server.use(
      http.get(`${baseUrl}/v1/impact`, ({ request }) => {
        urls.push(new URL(request.url));
        return HttpResponse.json({
          items: [],
          totalCount: 0,
          query: {},
          owners: [],
        });
      }),
    );
    const purl = 'pkg:deb/debian/libc-bin@2.36?arch=amd64&distro=debian-12';

    await client.getImpact({ purl });

    expect(Object.fromEntries(urls[0].searchParams)).toEqual({ purl });
  });

  it('downloads the same query as CSV', async () => {
    const seen: { url?: URL; accept?: string | null } = {};
    server.use(
      http.get(`${baseUrl}/v1/impact`, ({ request }) => {
        seen.url = new URL(request.url);
        seen.accept = request.headers.get('accept');
        return new HttpResponse('entityRef,owner\n', {
          headers: { 'content-type': 'text/csv' },
        });
      }),
    );

    const blob = await client.downloadImpactCsv(
      { vulnerability: 'CVE-2021-44228' },
      { sort: 'owner', order: 'asc' },
    );

    expect(await blob.text()).toBe('entityRef,owner\n');
    expect(Object.fromEntries(seen.url!.searchParams)).toEqual({
      vulnerability: 'CVE-2021-44228',
      sort: 'owner',
      order: 'asc',
      format: 'csv',
    });
    expect(seen.accept).toBe('text/csv');
  });

  it("rejects an impact query the backend cannot judge with the backend's message", async () => {
    server.use(
      http.get(`${baseUrl}/v1/impact`, () =>
        backendError(
          400,
          'InputError',
          'version ranges cannot be judged for deb versions',
        ),
      ),
    );

    const error = await client
      .getImpact({ package: 'libc-bin', ecosystem: 'deb', version: '<2.37' })
      .catch(e => e);

    expect(ResponseError.is(error)).toBe(true);
    expect(error.response.status).toBe(400);
    expect(error.cause.message).toBe(
      'version ranges cannot be judged for deb versions',
    );
  });

  it('lists, reads, creates and closes campaigns', async () => {
    const created = campaign({ id: 'c-1' });
    const requests: Array<{ method: string; url: string; body?: unknown }> = [];
    server.use(
      http.get(`${baseUrl}/v1/campaigns`, ({ request }) => {
        requests.push({ method: 'GET', url: request.url });
        return HttpResponse.json({ items: [created], totalCount: 1 });
      }),
      http.get(`${baseUrl}/v1/campaigns/:id`, ({ request }) => {
        requests.push({ method: 'GET', url: request.url });
        return HttpResponse.json(campaignDetail({ id: 'c/1' }));
      }),
      http.post(`${baseUrl}/v1/campaigns`, async ({ request }) => {
        requests.push({
          method: 'POST',
          url: request.url,
          body: await request.json(),
        });
        return HttpResponse.json(created, { status: 201 });
      }),
      http.post(`${baseUrl}/v1/campaigns/:id/close`, ({ request }) => {
        requests.push({ method: 'POST', url: request.url });
        return HttpResponse.json({ ...created, status: 'closed' });
      }),
    );
    const input = {
      title: 'log4j-core below 2.17 gone',
      deadline: '2027-01-31',
      note: 'Upgrade to 2.17.1',
      query: { package: 'log4j-core', version: '<2.17' },
    };

    await expect(client.listCampaigns({ status: 'all' })).resolves.toEqual({
      items: [created],
      totalCount: 1,
    });
    await expect(client.getCampaign('c/1')).resolves.toMatchObject({
      id: 'c/1',
    });
    await expect(client.createCampaign(input)).resolves.toEqual(created);
    await expect(client.closeCampaign('c-1')).resolves.toMatchObject({
      status: 'closed',
    });

    expect(requests).toEqual([
      { method: 'GET', url: `${baseUrl}/v1/campaigns?status=all` },
      { method: 'GET', url: `${baseUrl}/v1/campaigns/c%2F1` },
      { method: 'POST', url: `${baseUrl}/v1/campaigns`, body: input },
      { method: 'POST', url: `${baseUrl}/v1/campaigns/c-1/close` },
    ]);
  });

  it('rejects a campaign without the permission with the 403', async () => {
    server.use(
      http.post(`${baseUrl}/v1/campaigns`, () =>
        backendError(403, 'NotAllowedError', 'Unauthorized'),
      ),
    );

    const error = await client
      .createCampaign({
        title: 'gone',
        deadline: '2027-01-31',
        query: { vulnerability: 'CVE-2021-44228' },
      })
      .catch(e => e);

    expect(ResponseError.is(error)).toBe(true);
    expect(error.response.status).toBe(403);
  });
});
