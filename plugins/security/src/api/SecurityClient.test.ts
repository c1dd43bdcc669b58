import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import type { EntityPosture } from '@posture/backstage-plugin-security-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
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

function posture(entityRef: string): EntityPosture {
  return {
    entityRef,
    grade: null,
    score: null,
    reasons: [],
    vulnerabilities: null,
    sbom: null,
    signature: null,
    secrets: null,
    updatedAt: null,
  };
}

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
