import {
  parseEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { EntityPosture } from '@posture/backstage-plugin-security-common';
import type { SecurityApi } from './SecurityApi';

/**
 * `SecurityApi` over HTTP. Requests go through `fetchApi` so the user's Backstage token
 * is attached; the backend answers 401 without it.
 * @public
 */
export class SecurityClient implements SecurityApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getPosture(
    entityRef: CompoundEntityRef | string,
  ): Promise<EntityPosture> {
    return this.get<EntityPosture>(`${entityPath(entityRef)}/posture`);
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('security');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

/**
 * Names may contain characters that are meaningful in a URL path (`/`, `#`, `?`), so each
 * segment is encoded on its own.
 */
function entityPath(entityRef: CompoundEntityRef | string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/v1/entities/${[kind, namespace, name]
    .map(encodeURIComponent)
    .join('/')}`;
}
