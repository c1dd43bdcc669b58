import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  ImpactItem,
  ImpactListResponse,
  ImpactQuery,
} from '@posture/backstage-plugin-security-common';
import type { Readable } from 'node:stream';
import type { ImpactStore } from '../../database/impact/ImpactStore';
import { nextCursor } from '../cursor';
import type { ReadableEntitiesResolver } from '../scorecards/readableEntities';
import { impactCsv } from './impactCsv';
import { parseImpactListQuery, type ImpactListQuery } from './impactListQuery';

/** Entities read per store query while exporting. */
const EXPORT_PAGE_SIZE = 500;

/**
 * "Where do we run it?": the entities whose current reports contain a vulnerability, a
 * package, a purl or an image, limited in SQL to what the caller may read (catalog.entity.read
 * and security.posture.read, translated to a predicate as the scorecards do), with their
 * matches, paged; and the same as a CSV export.
 */
export class ImpactService {
  constructor(
    private readonly deps: {
      store: ImpactStore;
      readable: ReadableEntitiesResolver;
    },
  ) {}

  /**
   * One page. `params` are the `GET /v1/impact` parameters (strings or numbers): exactly one
   * of vulnerability, package (+ ecosystem, version), purl, image; sort, order, limit, cursor.
   * Throws InputError naming a bad parameter.
   */
  async query(
    params: Record<string, unknown>,
    credentials: BackstageCredentials,
  ): Promise<ImpactListResponse> {
    return this.page(parseImpactListQuery(params), credentials);
  }

  async page(
    request: ImpactListQuery,
    credentials: BackstageCredentials,
  ): Promise<ImpactListResponse> {
    const { predicate } = await this.deps.readable.resolve(credentials);
    const { items, totalCount, owners } = await this.deps.store.query({
      query: request.resolved,
      predicate,
      sort: request.sort,
      order: request.order,
      offset: request.offset,
      limit: request.limit,
    });
    return {
      items,
      totalCount,
      nextCursor: nextCursor(request.offset, request.limit, totalCount),
      query: request.query,
      owners,
    };
  }

  /** Every match of every affected entity the caller may read, as CSV, in the page order. */
  async exportCsv(
    request: ImpactListQuery,
    credentials: BackstageCredentials,
  ): Promise<{ fileName: string; body: Readable }> {
    // Who may read what is settled before the first byte, so a refusal is still a plain 4xx.
    const { predicate } = await this.deps.readable.resolve(credentials);
    const store = this.deps.store;
    async function* pages(): AsyncGenerator<ImpactItem[]> {
      for (let offset = 0; ; offset += EXPORT_PAGE_SIZE) {
        const { items } = await store.query({
          query: request.resolved,
          predicate,
          sort: request.sort,
          order: request.order,
          offset,
          limit: EXPORT_PAGE_SIZE,
        });
        yield items;
        if (items.length < EXPORT_PAGE_SIZE) return;
      }
    }
    return { fileName: csvFileName(request.query), body: impactCsv(pages()) };
  }
}

/** `impact-package-log4j-core.csv`: the query in the name, safe for any file system. */
export function csvFileName(query: ImpactQuery): string {
  const [kind, value] =
    Object.entries(query).find(([key]) =>
      ['vulnerability', 'package', 'purl', 'image'].includes(key),
    ) ?? [];
  const slug = String(value ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `impact-${kind ?? 'query'}${slug ? `-${slug}` : ''}.csv`;
}
