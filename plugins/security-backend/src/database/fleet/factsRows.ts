import type { Knex } from 'knex';
import { bulkInsert, type PostgresColumnTypes } from '../bulkInsert';
import type { EntityFacts } from '../gradingInputs';
import type { PostureEntityRow } from '../postureEntityRows';
import { storableRow } from '../storableText';

/** One edge of the group tree's closure: `ancestorRef` is `groupRef` itself or above it. */
export interface GroupAncestry {
  groupRef: string;
  ancestorRef: string;
  /** 0 for the group itself, 1 for its parent, ... */
  depth: number;
}

const ENTITY_TYPES: PostgresColumnTypes<PostureEntityRow> = {
  entity_ref: 'text',
  kind: 'text',
  namespace: 'text',
  name: 'text',
  title: 'text',
  owner_ref: 'text',
  system_ref: 'text',
  domain_ref: 'text',
  lifecycle: 'text',
  policy: 'text',
  sources: 'text',
  seen_at: 'timestamptz',
};

interface TagRow {
  entity_ref: string;
  tag: string;
}

const TAG_TYPES: PostgresColumnTypes<TagRow> = {
  entity_ref: 'text',
  tag: 'text',
};

/** The display name of a group, system or domain (`spec.profile.displayName` or title). */
export interface CatalogTitle {
  entityRef: string;
  title: string;
}

interface TitleRow {
  entity_ref: string;
  title: string;
}

const TITLE_TYPES: PostgresColumnTypes<TitleRow> = {
  entity_ref: 'text',
  title: 'text',
};

interface AncestryRow {
  group_ref: string;
  ancestor_ref: string;
  depth: number;
}

const ANCESTRY_TYPES: PostgresColumnTypes<AncestryRow> = {
  group_ref: 'text',
  ancestor_ref: 'text',
  depth: 'integer',
};

/**
 * Replaces every entity's catalog facts, tags and the group tree in one transaction, so
 * readers see the catalog as of one walk: entities the walk did not see lose their rows.
 * Rewriting a whole 10,000-entity catalog is a few bulk statements, cheaper than diffing it.
 */
export async function replaceFacts(
  db: Knex,
  options: {
    entities: readonly EntityFacts[];
    ancestry: readonly GroupAncestry[];
    titles?: readonly CatalogTitle[];
    seenAt: Date;
  },
): Promise<void> {
  const seenAt = options.seenAt.toISOString();
  // Values come from catalog entities: stored without NUL characters, like every outside text.
  const entities = options.entities.map(
    (e): PostureEntityRow =>
      storableRow({
        entity_ref: e.entityRef,
        kind: e.kind,
        namespace: e.namespace,
        name: e.name,
        title: e.title,
        owner_ref: e.ownerRef,
        system_ref: e.systemRef,
        domain_ref: e.domainRef,
        lifecycle: e.lifecycle,
        policy: e.policy,
        sources: e.sources.join(','),
        seen_at: seenAt,
      }),
  );
  const tags = options.entities.flatMap(e =>
    [...new Set(e.tags)].map(
      (tag): TagRow => storableRow({ entity_ref: e.entityRef, tag }),
    ),
  );
  const ancestry = options.ancestry.map(
    (a): AncestryRow => ({
      group_ref: a.groupRef,
      ancestor_ref: a.ancestorRef,
      depth: a.depth,
    }),
  );
  const titles = (options.titles ?? []).map(
    (t): TitleRow => storableRow({ entity_ref: t.entityRef, title: t.title }),
  );
  await db.transaction(async trx => {
    await trx('posture_titles').delete();
    await trx('posture_entity_tags').delete();
    await trx('posture_entities').delete();
    await trx('posture_group_ancestry').delete();
    await bulkInsert(trx, 'posture_entities', entities, ENTITY_TYPES);
    await bulkInsert(trx, 'posture_entity_tags', tags, TAG_TYPES);
    await bulkInsert(trx, 'posture_group_ancestry', ancestry, ANCESTRY_TYPES);
    await bulkInsert(trx, 'posture_titles', titles, TITLE_TYPES);
  });
}
