import type {
  ImpactItem,
  ImpactOwnerCount,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import type { EntityPredicate } from '../entityPredicate';
import {
  compareEntities,
  impactItem,
  ownerCounts,
  type EntityFactsRow,
} from './impactEntities';
import { matchesByEntity } from './impactMatches';
import type {
  ImpactSort,
  ImpactStore,
  ResolvedImpactQuery,
} from './ImpactStore';
import { matchUnion, type MatchRow } from './matchSources';
import { sqlEntityPage, sqlOwnerCounts } from './sqlImpactPage';
import { inRange, readableVersionedRows } from './versionedImpact';

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
    const { query } = options;
    if (query.kind === 'package' && query.versionMatches !== null) {
      return this.versionedQuery({ ...options, query });
    }
    const [counts, page] = await Promise.all([
      sqlOwnerCounts(this.db, query, options.predicate),
      sqlEntityPage(this.db, options),
    ]);
    const rows = await this.detailRows(
      query,
      page.map(p => p.entity_ref),
    );
    const matches = matchesByEntity(rows);
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
    const batches =
      entityRefs === undefined
        ? [undefined]
        : batchesOf([...new Set(entityRefs)]);
    const affected = new Set<string>();
    for (const batch of batches) {
      if (batch?.length === 0) continue;
      // Entity level: a component counts even where a finding lists the same package, and a
      // VEX-cleared finding does not count (VEX clears a vulnerability, not a package).
      const rows: Array<Pick<MatchRow, 'entity_ref' | 'source' | 'version'>> =
        await this.db
          .from(
            matchUnion(this.db, query, {
              details: false,
              openFindingsOnly: true,
              entityRefs: batch,
            }).as('m'),
          )
          .distinct('m.entity_ref', 'm.source', 'm.version');
      for (const row of rows) {
        if (inRange(query, row)) {
          affected.add(row.entity_ref);
        }
      }
    }
    return [...affected].sort();
  }

  private async versionedQuery(options: {
    query: Extract<ResolvedImpactQuery, { kind: 'package' }>;
    predicate: EntityPredicate;
    sort: ImpactSort;
    order: 'asc' | 'desc';
    offset: number;
    limit: number;
  }) {
    const rows = await readableVersionedRows(
      this.db,
      options.query,
      options.predicate,
    );
    const matches = matchesByEntity(rows);
    const facts = new Map<string, EntityFactsRow>(
      rows.map(r => [r.entity_ref, r]),
    );
    const entities = [...facts.values()].map(f => ({
      facts: f,
      entityRef: f.entity_ref,
      owner: f.owner_ref,
      matchCount: matches.get(f.entity_ref)?.length ?? 0,
    }));
    const perOwner = new Map<string | null, number>();
    for (const e of entities) {
      perOwner.set(e.owner, (perOwner.get(e.owner) ?? 0) + 1);
    }
    const page = entities
      .sort(compareEntities(options.sort, options.order))
      .slice(options.offset, options.offset + options.limit);
    return {
      items: page.map(e => impactItem(e.facts, matches.get(e.entityRef) ?? [])),
      totalCount: entities.length,
      owners: await ownerCounts(
        this.db,
        [...perOwner].map(([ref, count]) => ({ ref, entities: count })),
      ),
    };
  }

  /** The matching rows, with what a match shows, of the page's entities. */
  private async detailRows(
    query: ResolvedImpactQuery,
    entityRefs: string[],
  ): Promise<MatchRow[]> {
    const rows: MatchRow[] = [];
    for (const batch of batchesOf(entityRefs)) {
      if (batch.length === 0) continue;
      rows.push(
        ...(await matchUnion(this.db, query, {
          details: true,
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
