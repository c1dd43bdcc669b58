import type { Knex } from 'knex';

/** A catalog fact of posture_entities that a predicate may test. */
export type EntityFactField =
  | 'kind'
  | 'namespace'
  | 'name'
  | 'owner'
  | 'system'
  | 'lifecycle'
  | 'policy';

/**
 * Which entities a caller may see, over the facts posture_entities records: the permission
 * framework's conditions, translated by the service, compiled to SQL here. Values compare
 * case-insensitively, as the catalog's own rules do.
 */
export type EntityPredicate =
  | { const: boolean }
  | { all: EntityPredicate[] }
  | { any: EntityPredicate[] }
  | { not: EntityPredicate }
  /** The fact equals one of `values`; without `values`, the fact is set. */
  | { field: EntityFactField; values?: string[] }
  /** The entity has the tag; without `tag`, it has any tag. */
  | { tag?: string };

export const ALLOW_ALL: EntityPredicate = { const: true };
export const DENY_ALL: EntityPredicate = { const: false };

const COLUMNS: Record<EntityFactField, string> = {
  kind: 'kind',
  namespace: 'namespace',
  name: 'name',
  owner: 'owner_ref',
  system: 'system_ref',
  lifecycle: 'lifecycle',
  policy: 'policy',
};

/**
 * Adds `predicate` as a WHERE clause on the posture_entities row aliased `alias`. Every leaf is
 * written so it is TRUE or FALSE, never NULL (a NULL fact is "not set"), so that NOT inverts it
 * as the catalog would: "not owned by X" includes entities with no owner.
 */
export function wherePredicate(
  qb: Knex.QueryBuilder,
  predicate: EntityPredicate,
  alias: string,
): void {
  if ('const' in predicate) {
    // 1 = 1 / 1 = 0 keep the clause valid inside any nesting on both engines.
    qb.whereRaw(predicate.const ? '1 = 1' : '1 = 0');
  } else if ('all' in predicate) {
    if (predicate.all.length === 0) {
      qb.whereRaw('1 = 1');
      return;
    }
    qb.where(inner => {
      for (const part of predicate.all) {
        inner.andWhere(sub => wherePredicate(sub, part, alias));
      }
    });
  } else if ('any' in predicate) {
    if (predicate.any.length === 0) {
      qb.whereRaw('1 = 0');
      return;
    }
    qb.where(inner => {
      for (const part of predicate.any) {
        inner.orWhere(sub => wherePredicate(sub, part, alias));
      }
    });
  } else if ('not' in predicate) {
    qb.whereNot(sub => wherePredicate(sub, predicate.not, alias));
  } else if ('field' in predicate) {
    const column = `${alias}.${COLUMNS[predicate.field]}`;
    qb.whereNotNull(column);
    if (predicate.values !== undefined) {
      const values = predicate.values.map(v => v.toLowerCase());
      if (values.length === 0) {
        qb.whereRaw('1 = 0');
      } else {
        qb.whereRaw(`lower(??) in (${values.map(() => '?').join(', ')})`, [
          column,
          ...values,
        ]);
      }
    }
  } else {
    const { tag } = predicate;
    qb.whereExists(sub => {
      sub
        .select('pet.entity_ref')
        .from('posture_entity_tags as pet')
        .whereRaw('pet.entity_ref = ??', [`${alias}.entity_ref`]);
      if (tag !== undefined) {
        sub.whereRaw('lower(pet.tag) = ?', [tag.toLowerCase()]);
      }
    });
  }
}
