import {
  POLICY_CHECKS,
  type Grade,
  type ScorecardEntity,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import type { PostureEntityRow } from '../postureEntityRows';
import { toIsoTimestamp } from '../rows';
import { selectionQuery, type ScorecardSelection } from './selection';

/**
 * The selection's entities: listed worst first with their failing checks and
 * exemptions, and paged by key for the CSV export.
 */

/** Sorts ungraded entities (score null) after the worst graded one. */
const SORT_SCORE = 'coalesce(p.score, 101)';
const UNGRADED_SORT_SCORE = 101;

const ENTITY_COLUMNS = [
  'e.entity_ref',
  'e.title',
  'e.kind',
  'e.owner_ref',
  'e.system_ref',
  'e.domain_ref',
  'e.lifecycle',
  'p.grade',
  'p.score',
  'p.kev_count',
  'p.high_epss_count',
  'p.updated_at',
];

/** A row of ENTITY_COLUMNS: the entity's catalog facts and, if graded, its summary's. */
interface EntityRow
  extends Pick<
    PostureEntityRow,
    | 'entity_ref'
    | 'title'
    | 'kind'
    | 'owner_ref'
    | 'system_ref'
    | 'domain_ref'
    | 'lifecycle'
  > {
  grade: string | null;
  score: number | string | null;
  kev_count: number | string | null;
  high_epss_count: number | string | null;
  updated_at: Date | string | number | null;
}

/** Where a page of entities ended, worst first: the next page starts after it. */
export interface EntityPosition {
  sortScore: number;
  entityRef: string;
}

/**
 * One page of the selection's entities, worst first: lowest score first, ungraded entities
 * (nothing known) after the graded ones, ties by entity ref. `after` continues a previous
 * page (keyset paging, so an export of 10,000 never holds more than a page).
 */
export async function entityPage(
  db: Knex,
  selection: ScorecardSelection,
  options: { limit: number; now: Date; after?: EntityPosition },
): Promise<ScorecardEntity[]> {
  const q = selectionQuery(db, selection).select(ENTITY_COLUMNS);
  const { after } = options;
  if (after) {
    q.where(inner =>
      inner
        .whereRaw(`${SORT_SCORE} > ?`, [after.sortScore])
        .orWhere(tie =>
          tie
            .whereRaw(`${SORT_SCORE} = ?`, [after.sortScore])
            .andWhere('e.entity_ref', '>', after.entityRef),
        ),
    );
  }
  const rows: EntityRow[] = await q
    .orderByRaw(`${SORT_SCORE} asc, e.entity_ref asc`)
    .limit(options.limit);
  if (rows.length === 0) {
    return [];
  }
  const refs = rows.map(r => r.entity_ref);
  const [failing, exemptions] = await Promise.all([
    db('posture_checks')
      .whereIn('entity_ref', refs)
      .andWhere('status', 'fail')
      .select('entity_ref', 'check'),
    db('posture_exemptions')
      .whereIn('entity_ref', refs)
      .andWhere('status', 'approved')
      .andWhere('expires_at', '>', options.now.toISOString())
      .groupBy('entity_ref')
      .select('entity_ref')
      .count({ n: '*' }) as Promise<Array<{ entity_ref: string; n: unknown }>>,
  ]);
  const failingOf = new Map<string, Set<string>>();
  for (const row of failing) {
    const set = failingOf.get(row.entity_ref) ?? new Set<string>();
    set.add(row.check);
    failingOf.set(row.entity_ref, set);
  }
  const exemptionsOf = new Map<string, number>(
    exemptions.map(r => [r.entity_ref, Number(r.n)]),
  );
  return rows.map(row => {
    const failingSet = failingOf.get(row.entity_ref);
    return {
      entityRef: row.entity_ref,
      title: row.title,
      kind: row.kind,
      owner: row.owner_ref ?? null,
      system: row.system_ref ?? null,
      domain: row.domain_ref ?? null,
      lifecycle: row.lifecycle ?? null,
      grade: (row.grade as Grade | null) ?? null,
      score:
        row.score === null || row.score === undefined
          ? null
          : Number(row.score),
      failingChecks: failingSet
        ? POLICY_CHECKS.filter(check => failingSet.has(check))
        : [],
      exemptions: exemptionsOf.get(row.entity_ref) ?? 0,
      kev: Number(row.kev_count ?? 0),
      highEpss: Number(row.high_epss_count ?? 0),
      updatedAt:
        row.updated_at === null || row.updated_at === undefined
          ? null
          : toIsoTimestamp(row.updated_at),
    };
  });
}

/** The keyset position of an entity of a page, for the next page. */
export function positionOf(entity: ScorecardEntity): EntityPosition {
  return {
    sortScore: entity.score ?? UNGRADED_SORT_SCORE,
    entityRef: entity.entityRef,
  };
}

/** Every entity of the selection, a page at a time, worst first. */
export async function* allEntities(
  db: Knex,
  selection: ScorecardSelection,
  options: { pageSize: number; now: Date },
): AsyncGenerator<ScorecardEntity[]> {
  let after: EntityPosition | undefined;
  for (;;) {
    const page = await entityPage(db, selection, {
      limit: options.pageSize,
      now: options.now,
      after,
    });
    if (page.length > 0) {
      yield page;
    }
    if (page.length < options.pageSize) {
      return;
    }
    after = positionOf(page[page.length - 1]);
  }
}

/**
 * The recorded titles of those refs: display names of groups, systems and domains from the
 * last catalog walk, or the title of a graded entity.
 */
export async function recordedTitles(
  db: Knex,
  refs: string[],
): Promise<Map<string, string>> {
  if (refs.length === 0) {
    return new Map();
  }
  const graded = await db('posture_entities')
    .whereIn('entity_ref', refs)
    .select('entity_ref', 'title');
  const named = await db('posture_titles')
    .whereIn('entity_ref', refs)
    .select('entity_ref', 'title');
  return new Map(
    [...graded, ...named].map(r => [r.entity_ref as string, r.title as string]),
  );
}
