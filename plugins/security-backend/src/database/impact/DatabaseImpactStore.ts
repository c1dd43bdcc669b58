import type {
  ImpactItem,
  ImpactOwnerCount,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import type { EntityPredicate } from '../entityPredicate';
import { impactItem, ownerCounts } from './impactEntities';
import { matchesByEntity } from './impactMatches';
import type {
  ImpactSort,
  ImpactStore,
  ResolvedImpactQuery,
} from './ImpactStore';
import { matchUnion, type MatchRow } from './matchSources';
import {
  sqlEntityPage,
  sqlOwnerCounts,
  type MatchFilter,
} from './sqlImpactPage';
import { versionsInRange } from './versionedImpact';

/** Entity refs per `IN (...)` list, well under both engines' bind-parameter limits. */
const REF_BATCH = 500;

/** "Where do we run it?" over current reports, through typed, indexed columns only. */
export class DatabaseImpactStore implements ImpactStore {
  constructor(private readonly db: Knex) {}

  async query(options: {
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
  }> {
    const { query, predicate } = options;
    const versions = await versionsInRange(this.db, query);
    if (versions?.length === 0) {
      return { items: [], totalCount: 0, owners: [] };
    }
    const filter: MatchFilter = { versions };
    const [counts, page] = await Promise.all([
      sqlOwnerCounts(this.db, query, predicate, filter),
      sqlEntityPage(this.db, options, filter),
    ]);
    const matches = matchesByEntity(
      await this.detailRows(
        query,
        page.map(p => p.entity_ref),
        filter,
      ),
    );
    return {
      items: page.map(facts =>
        impactItem(facts, matches.get(facts.entity_ref) ?? []),
      ),
      totalCount: counts.reduce((sum, c) => sum + c.entities, 0),
      owners: await ownerCounts(this.db, counts),
    };
  }

  async affectedEntities(options: {
    query: ResolvedImpactQuery;
    entityRefs?: string[];
  }): Promise<string[]> {
    const { query, entityRefs } = options;
    const versions = await versionsInRange(this.db, query);
    if (versions?.length === 0) {
      return [];
    }
    const batches =
      entityRefs === undefined
        ? [undefined]
        : batchesOf([...new Set(entityRefs)]);
    const affected = new Set<string>();
    for (const batch of batches) {
      // Entity level: a component counts even where a finding lists the same package, and a
      // VEX-cleared finding does not count (VEX clears a vulnerability, not a package).
      const rows: Array<Pick<MatchRow, 'entity_ref'>> = await this.db
        .from(
          matchUnion(this.db, query, {
            columns: 'membership',
            all: true,
            openFindingsOnly: true,
            entityRefs: batch,
            versions,
          }).as('u'),
        )
        .distinct('u.entity_ref');
      for (const row of rows) {
        affected.add(row.entity_ref);
      }
    }
    return [...affected].sort();
  }

  /** The matching rows of the page's entities, with what a match shows. */
  private async detailRows(
    query: ResolvedImpactQuery,
    entityRefs: string[],
    filter: MatchFilter,
  ): Promise<MatchRow[]> {
    const rows: MatchRow[] = [];
    for (const batch of batchesOf(entityRefs)) {
      rows.push(
        ...(await matchUnion(this.db, query, {
          ...filter,
          columns: 'details',
          preferFindings: true,
          entityRefs: batch,
        })),
      );
    }
    return rows;
  }
}

function batchesOf<T>(values: T[]): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < values.length; i += REF_BATCH) {
    batches.push(values.slice(i, i + REF_BATCH));
  }
  return batches;
}
