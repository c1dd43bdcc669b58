import type {
  ImpactItem,
  ImpactOwnerCount,
} from '@posture/backstage-plugin-security-common';
import type { EntityPredicate } from '../entityPredicate';

/**
 * An impact query after validation: ids upper-cased, names lower-cased, purls parsed and
 * normalised (security-common `normalizePurl`), image references reduced to their repository.
 * `versionMatches` is set when the query names a version or range: SQL narrows by name on the
 * indexed columns, and this judges each candidate's version (semver, PEP 440 or exact).
 */
export type ResolvedImpactQuery =
  | { kind: 'vulnerability'; id: string }
  | {
      kind: 'package';
      name: string;
      ecosystem: string | null;
      versionMatches: ((version: string | null) => boolean) | null;
    }
  | {
      kind: 'purl';
      type: string;
      namespace: string | null;
      name: string;
      version: string | null;
    }
  | { kind: 'image'; repository: string };

export type ImpactSort = 'entity' | 'owner' | 'matches';

/** Where does the fleet run it: over current reports, through typed, indexed columns only. */
export interface ImpactStore {
  /**
   * The affected entities the predicate lets the caller read (the predicate is applied in SQL
   * to posture_entities), paged and sorted, with the owner counts over the whole answer.
   */
  query(options: {
    query: ResolvedImpactQuery;
    predicate: EntityPredicate;
    sort: ImpactSort;
    order: 'asc' | 'desc';
    offset: number;
    limit: number;
  }): Promise<{
    items: ImpactItem[];
    totalCount: number;
    owners: ImpactOwnerCount[];
  }>;
  /**
   * Every entity the query matches, with no permission filter (campaign bookkeeping), or only
   * among `entityRefs` when given (after one entity's report changed). VEX-cleared findings
   * do not count as a match.
   */
  affectedEntities(options: {
    query: ResolvedImpactQuery;
    entityRefs?: string[];
  }): Promise<string[]>;
}
