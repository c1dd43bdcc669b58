import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import {
  emptyPosture,
  type EntityPosture,
} from '@posture/backstage-plugin-security-common';
import { http, HttpResponse, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { secretItem, signatureItem } from '../testing/fixtures';
import { RefreshTooSoonError } from './RefreshTooSoonError';
import { SecurityClient } from './SecurityClient';

const baseUrl = 'http://backstage.test/api/security';
const postureRoute = `${baseUrl}/v1/entities/:kind/:namespace/:name/posture`;

const server = setupServer();
registerMswTestHooks(server);

const discoveryApi: DiscoveryApi = {
  getBaseUrl: async pluginId => `http://backstage.test/api/${pluginId}`,
};

/** Stands in for the app's fetchApi, which attaches the user's Backstage token. */
const fetchApi: FetchApi = {
  fetch: (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', 'Bearer user-token');
    return fetch(input, { ...init, headers });
  },
};

const client = new SecurityClient({ discoveryApi, fetchApi });

const posture = (entityRef: string): EntityPosture => emptyPosture(entityRef);

describe('SecurityClient.getPosture', () => {
  it('asks the security backend for the entity, with the user token', async () => {
    const seen: { url?: string; auth?: string | null } = {};
    server.use(
      http.get(postureRoute, ({ request, params }) => {
        seen.url = request.url;
        seen.auth = request.headers.get('authorization');
        return HttpResponse.json(
          posture(`${params.kind}:${params.namespace}/${params.name}`),
        );
      }),
    );

    const result = await client.getPosture('component:default/payments');

    expect(seen.url).toBe(
      `${baseUrl}/v1/entities/component/default/payments/posture`,
    );
    expect(seen.auth).toBe('Bearer user-token');
    expect(result).toEqual(posture('component:default/payments'));
  });

  it('accepts a compound ref and encodes every path segment', async () => {
    let url: string | undefined;
    server.use(
      http.get(postureRoute, ({ request }) => {
        url = request.url;
        return HttpResponse.json(posture('x'));
      }),
    );

    await client.getPosture({
      kind: 'Component',
      namespace: 'team a',
      name: 'odd/name?#',
    });

    expect(url).toBe(
      `${baseUrl}/v1/entities/Component/team%20a/odd%2Fname%3F%23/posture`,
    );
  });

  it('defaults the namespace of a string ref', async () => {
    let url: string | undefined;
    server.use(
      http.get(postureRoute, ({ request }) => {
        url = request.url;
        return HttpResponse.json(posture('x'));
      }),
    );

    await client.getPosture('component:payments');

    expect(url).toBe(
      `${baseUrl}/v1/entities/component/default/payments/posture`,
    );
  });

  it.each([
    [401, 'AuthenticationError', 'Missing credentials'],
    [403, 'NotAllowedError', 'Not allowed to read the security posture'],
    [404, 'NotFoundError', 'No catalog entity component:default/ghost'],
  ])(
    'rejects a %i with a ResponseError carrying the backend message',
    async (statusCode, name, message) => {
      server.use(
        http.get(postureRoute, () =>
          HttpResponse.json(
            { error: { name, message }, response: { statusCode } },
            { status: statusCode },
          ),
        ),
      );

      const error = await client
        .getPosture('component:default/ghost')
        .catch((e: unknown) => e);

      expect(ResponseError.is(error)).toBe(true);
      const responseError = error as ResponseError;
      expect(responseError.statusCode).toBe(statusCode);
      expect(responseError.cause.name).toBe(name);
      expect(responseError.cause.message).toBe(message);
    },
  );

  it('rejects a non-JSON failure with the HTTP status', async () => {
    server.use(
      http.get(
        postureRoute,
        () => new HttpResponse('upstream timed out', { status: 502 }),
      ),
    );

    await expect(
      client.getPosture('component:default/payments'),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 502 });
  });
});

const entityRoute = `${baseUrl}/v1/entities/:kind/:namespace/:name`;

/** Answers `body` on `route` and records each request URL, so tests can assert on it. */
function recordRequests(route: string, body: JsonBodyType): URL[] {
  const urls: URL[] = [];
  server.use(
    http.get(route, ({ request }) => {
      urls.push(new URL(request.url));
      return HttpResponse.json(body);
    }),
  );
  return urls;
}

function backendError(statusCode: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode } },
    { status: statusCode },
  );
}

describe('SecurityClient.listVulnerabilities', () => {
  const route = `${entityRoute}/vulnerabilities`;
  const page = { items: [], totalCount: 0 };

  it('sends no query parameters for an empty query', async () => {
    const urls = recordRequests(route, page);

    await client.listVulnerabilities('component:default/payments', {});

    expect(urls.map(String)).toEqual([
      `${baseUrl}/v1/entities/component/default/payments/vulnerabilities`,
    ]);
  });

  it('turns every filter into its query parameter', async () => {
    const body = { items: [], totalCount: 3, nextCursor: 'next' };
    const urls = recordRequests(route, body);

    const result = await client.listVulnerabilities(
      'component:default/payments',
      {
        severity: ['critical', 'high'],
        fixable: true,
        status: ['fixed', 'affected'],
        q: 'open ssl&x=1',
        sort: 'cvss',
        order: 'asc',
        limit: 25,
        cursor: 'eyJvIjoyNX0',
      },
    );

    expect(Object.fromEntries(urls[0].searchParams)).toEqual({
      severity: 'critical,high',
      fixable: 'true',
      status: 'fixed,affected',
      q: 'open ssl&x=1',
      sort: 'cvss',
      order: 'asc',
      limit: '25',
      cursor: 'eyJvIjoyNX0',
    });
    expect(result).toEqual(body);
  });

  it('sends fixable=false and leaves out empty lists and text', async () => {
    const urls = recordRequests(route, page);

    await client.listVulnerabilities('component:default/payments', {
      fixable: false,
      severity: [],
      q: '',
    });

    expect(urls[0].search).toBe('?fixable=false');
  });

  it('rejects a 400 with the backend message', async () => {
    server.use(
      http.get(route, () =>
        backendError(400, 'InputError', 'Invalid cursor "x"'),
      ),
    );

    await expect(
      client.listVulnerabilities('component:default/payments', {
        cursor: 'x',
      }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      cause: { name: 'InputError', message: 'Invalid cursor "x"' },
    });
  });
});

describe('SecurityClient.listSbom', () => {
  const route = `${entityRoute}/sbom`;

  it('sends the text, licence and paging parameters and returns the facets', async () => {
    const body = {
      items: [],
      totalCount: 0,
      licenses: [{ license: 'MIT', count: 3 }],
    };
    const urls = recordRequests(route, body);

    const result = await client.listSbom(
      { kind: 'component', namespace: 'default', name: 'payments' },
      { q: 'ssl', license: 'Apache-2.0 OR MIT', limit: 50, cursor: 'c2' },
    );

    expect(urls[0].pathname).toBe(
      '/api/security/v1/entities/component/default/payments/sbom',
    );
    expect(Object.fromEntries(urls[0].searchParams)).toEqual({
      q: 'ssl',
      license: 'Apache-2.0 OR MIT',
      limit: '50',
      cursor: 'c2',
    });
    expect(result).toEqual(body);
  });

  it('rejects a 403 with a ResponseError', async () => {
    server.use(
      http.get(route, () =>
        backendError(403, 'NotAllowedError', 'Not allowed'),
      ),
    );

    await expect(
      client.listSbom('component:default/payments', {}),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 403 });
  });
});

describe('SecurityClient.listReports', () => {
  const route = `${entityRoute}/reports`;

  it('lists the current reports of the entity', async () => {
    const body = {
      items: [{ id: 'r1', format: 'cyclonedx' }],
      totalCount: 1,
    };
    const urls = recordRequests(route, body);

    const result = await client.listReports('component:default/payments');

    expect(urls.map(String)).toEqual([
      `${baseUrl}/v1/entities/component/default/payments/reports`,
    ]);
    expect(result).toEqual(body);
  });

  it('rejects a 404 with a ResponseError', async () => {
    server.use(
      http.get(route, () => backendError(404, 'NotFoundError', 'No entity')),
    );

    await expect(
      client.listReports('component:default/ghost'),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 404 });
  });
});

describe('SecurityClient.downloadReportDocument', () => {
  const route = `${entityRoute}/reports/:reportId/document`;

  it('fetches the document with the user token and returns it as a blob', async () => {
    const seen: { url?: string; auth?: string | null } = {};
    const document = '{"bomFormat":"CycloneDX","specVersion":"1.5"}';
    server.use(
      http.get(route, ({ request }) => {
        seen.url = request.url;
        seen.auth = request.headers.get('authorization');
        return new HttpResponse(document, {
          headers: {
            'content-type': 'application/json',
            'content-disposition':
              'attachment; filename="payments-cyclonedx.json"',
          },
        });
      }),
    );

    const blob = await client.downloadReportDocument(
      'component:default/payments',
      'report/1',
    );

    expect(seen.url).toBe(
      `${baseUrl}/v1/entities/component/default/payments/reports/report%2F1/document`,
    );
    expect(seen.auth).toBe('Bearer user-token');
    expect(blob.type).toBe('application/json');
    expect(await blob.text()).toBe(document);
  });

  it('rejects a missing report with the backend message rather than a blob of the error', async () => {
    server.use(
      http.get(route, () =>
        backendError(404, 'NotFoundError', 'No current report r9'),
      ),
    );

    await expect(
      client.downloadReportDocument('component:default/payments', 'r9'),
    ).rejects.toMatchObject({
      statusCode: 404,
      cause: { message: 'No current report r9' },
    });
  });
});

describe('SecurityClient.listSecrets', () => {
  const route = `${entityRoute}/secrets`;

  it('lists the secrets of the entity in the order the backend sends them', async () => {
    const body = {
      items: [secretItem({ path: 'payments/db', status: 'overdue' })],
      totalCount: 1,
    };
    const urls = recordRequests(route, body);

    const result = await client.listSecrets({
      kind: 'Component',
      namespace: 'default',
      name: 'pay ments',
    });

    expect(urls.map(String)).toEqual([
      `${baseUrl}/v1/entities/Component/default/pay%20ments/secrets`,
    ]);
    expect(result).toEqual(body);
  });

  it('rejects a 403 with the backend message', async () => {
    server.use(
      http.get(route, () =>
        backendError(403, 'NotAllowedError', 'Not allowed to read secrets'),
      ),
    );

    await expect(
      client.listSecrets('component:default/payments'),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
      cause: { message: 'Not allowed to read secrets' },
    });
  });
});

describe('SecurityClient.listSignatures', () => {
  const route = `${entityRoute}/signatures`;

  it('lists every verdict of the entity as the backend sends them', async () => {
    const body = {
      items: [
        signatureItem({ source: 'upload', kind: 'signature' }),
        signatureItem({ status: 'unknown', stale: true, error: 'timeout' }),
      ],
      totalCount: 2,
    };
    const urls = recordRequests(route, body);

    const result = await client.listSignatures({
      kind: 'Component',
      namespace: 'team a',
      name: 'payments',
    });

    expect(urls.map(String)).toEqual([
      `${baseUrl}/v1/entities/Component/team%20a/payments/signatures`,
    ]);
    expect(result).toEqual(body);
  });

  it('rejects a 404 with the backend message', async () => {
    server.use(
      http.get(route, () =>
        backendError(404, 'NotFoundError', 'No catalog entity'),
      ),
    );

    await expect(
      client.listSignatures('component:default/ghost'),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
      cause: { message: 'No catalog entity' },
    });
  });
});

describe('SecurityClient.refresh', () => {
  const route = `${entityRoute}/refresh`;

  it('POSTs with the user token and no body, and returns what was refreshed', async () => {
    const seen: { method?: string; auth?: string | null; body?: string } = {};
    server.use(
      http.post(route, async ({ request }) => {
        seen.method = request.method;
        seen.auth = request.headers.get('authorization');
        seen.body = await request.text();
        return HttpResponse.json(
          { refreshed: ['vault'], errors: {} },
          { status: 202 },
        );
      }),
    );

    const result = await client.refresh('component:default/payments');

    expect(seen).toEqual({
      method: 'POST',
      auth: 'Bearer user-token',
      body: '',
    });
    expect(result).toEqual({ refreshed: ['vault'], errors: {} });
  });

  it('rejects with RefreshTooSoonError, saying when to retry, when the backend answers 429', async () => {
    server.use(
      http.post(route, () =>
        HttpResponse.json(
          {
            error: {
              name: 'RefreshTooSoonError',
              message: 'component:default/payments was checked moments ago',
            },
            response: { statusCode: 429 },
          },
          { status: 429, headers: { 'Retry-After': '17' } },
        ),
      ),
    );

    const refused = client.refresh('component:default/payments');
    await expect(refused).rejects.toBeInstanceOf(RefreshTooSoonError);
    await expect(refused).rejects.toMatchObject({
      retryAfterSeconds: 17,
      message: 'component:default/payments was checked moments ago',
    });
  });

  it('resolves with the error of a source that failed, since the route still answers 202', async () => {
    server.use(
      http.post(route, () =>
        HttpResponse.json(
          { refreshed: ['vault'], errors: { vault: 'connect ECONNREFUSED' } },
          { status: 202 },
        ),
      ),
    );

    await expect(client.refresh('component:default/payments')).resolves.toEqual(
      {
        refreshed: ['vault'],
        errors: { vault: 'connect ECONNREFUSED' },
      },
    );
  });

  it('rejects a 404 with a ResponseError', async () => {
    server.use(
      http.post(route, () =>
        backendError(404, 'NotFoundError', 'No catalog entity'),
      ),
    );

    await expect(
      client.refresh('component:default/ghost'),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
      cause: { message: 'No catalog entity' },
    });
  });
});

describe('SecurityClient.getHistory', () => {
  const route = `${entityRoute}/history`;

  it('asks for the entity history over the given days', async () => {
    const body = {
      items: [
        {
          date: '2026-12-01',
          grade: 'B',
          score: 84,
          checks: { sbom: 'pass', 'scan-age': 'fail' },
        },
      ],
    };
    const urls = recordRequests(route, body);

    const result = await client.getHistory(
      { kind: 'Component', namespace: 'team a', name: 'payments' },
      90,
    );

    expect(urls.map(String)).toEqual([
      `${baseUrl}/v1/entities/Component/team%20a/payments/history?days=90`,
    ]);
    expect(result).toEqual(body);
  });

  it('leaves the length to the backend when no days are given', async () => {
    const urls = recordRequests(route, { items: [] });

    await client.getHistory('component:default/payments');

    expect(urls[0].search).toBe('');
  });

  it('rejects a 400 with the backend message', async () => {
    server.use(
      http.get(route, () =>
        backendError(400, 'InputError', 'days must be between 1 and 400'),
      ),
    );

    await expect(
      client.getHistory('component:default/payments', 500),
    ).rejects.toMatchObject({
      statusCode: 400,
      cause: { message: 'days must be between 1 and 400' },
    });
  });
});

describe('SecurityClient.getScorecards', () => {
  const route = `${baseUrl}/v1/scorecards`;
  const page = {
    groupBy: 'owner',
    group: null,
    groups: [],
    entities: [],
    totalEntities: 0,
    trend: [],
  };

  it('asks for the whole fleet with no parameters for an empty query, with the user token', async () => {
    let auth: string | null = null;
    const urls: URL[] = [];
    server.use(
      http.get(route, ({ request }) => {
        urls.push(new URL(request.url));
        auth = request.headers.get('authorization');
        return HttpResponse.json(page);
      }),
    );

    const result = await client.getScorecards({});

    expect(urls.map(String)).toEqual([`${baseUrl}/v1/scorecards`]);
    expect(auth).toBe('Bearer user-token');
    expect(result).toEqual(page);
  });

  it('turns the selection and every filter into its query parameter', async () => {
    const urls = recordRequests(route, page);

    await client.getScorecards({
      groupBy: 'owner',
      group: 'group:default/platform & ops',
      kind: 'Component',
      lifecycle: 'production',
      tag: 'pci',
      grade: 'none',
      check: 'scan-age',
      days: 30,
    });

    expect(Object.fromEntries(urls[0].searchParams)).toEqual({
      groupBy: 'owner',
      group: 'group:default/platform & ops',
      kind: 'Component',
      lifecycle: 'production',
      tag: 'pci',
      grade: 'none',
      check: 'scan-age',
      days: '30',
    });
  });

  it('rejects a 400 with the backend message naming the parameter', async () => {
    server.use(
      http.get(route, () =>
        backendError(400, 'InputError', 'Invalid group ref "x"'),
      ),
    );

    await expect(client.getScorecards({ group: 'x' })).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      cause: { message: 'Invalid group ref "x"' },
    });
  });
});

describe('SecurityClient.downloadScorecardsCsv', () => {
  const route = `${baseUrl}/v1/scorecards`;

  it('asks for CSV with the same selection and the user token, and returns it as a blob', async () => {
    const csv =
      'entityRef,title,grade\r\ncomponent:default/payments,Payments,F\r\n';
    const seen: { url?: URL; auth?: string | null; accept?: string | null } =
      {};
    server.use(
      http.get(route, ({ request }) => {
        seen.url = new URL(request.url);
        seen.auth = request.headers.get('authorization');
        seen.accept = request.headers.get('accept');
        return new HttpResponse(csv, {
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': 'attachment; filename="scorecards.csv"',
          },
        });
      }),
    );

    const blob = await client.downloadScorecardsCsv({
      groupBy: 'system',
      group: 'system:default/checkout',
      grade: 'F',
    });

    expect(Object.fromEntries(seen.url!.searchParams)).toEqual({
      groupBy: 'system',
      group: 'system:default/checkout',
      grade: 'F',
      format: 'csv',
    });
    expect(seen.auth).toBe('Bearer user-token');
    expect(seen.accept).toBe('text/csv');
    expect(blob.type).toMatch(/^text\/csv/);
    expect(await blob.text()).toBe(csv);
  });

  it('rejects a failure with the backend message rather than a CSV of the error', async () => {
    server.use(
      http.get(route, () =>
        backendError(403, 'NotAllowedError', 'Not allowed to read posture'),
      ),
    );

    await expect(client.downloadScorecardsCsv({})).rejects.toMatchObject({
      statusCode: 403,
      cause: { message: 'Not allowed to read posture' },
    });
  });
});
