import type { Knex } from 'knex';
import { wherePredicate, type EntityPredicate } from '../entityPredicate';

/**
 * campaign_entities `ce` with the catalog facts `e` of each entity, limited in SQL to the
 * entities the caller may read. Allowed everything, entities the regrade has not recorded yet
 * are kept (with no facts); under any condition they are left out, since no fact of theirs
 * can be tested.
 */
export function readableCampaignEntities(
  db: Knex,
  predicate: EntityPredicate,
): Knex.QueryBuilder {
  const everything = 'const' in predicate && predicate.const;
  const q = db('campaign_entities as ce');
  if (everything) {
    q.leftJoin('posture_entities as e', 'e.entity_ref', 'ce.entity_ref');
  } else {
    q.join('posture_entities as e', 'e.entity_ref', 'ce.entity_ref');
    wherePredicate(q, predicate, 'e');
  }
  return q;
}

/** The UTC day (YYYY-MM-DD) of a timestamp column written as an ISO string. */
export function utcDaySql(db: Knex, column: string): Knex.Raw {
  const client = String(db.client.config.client);
  return client === 'pg' || client.includes('postgres')
    ? db.raw(`to_char(?? at time zone 'UTC', 'YYYY-MM-DD')`, [column])
    : // SQLite keeps the ISO 8601 UTC text we wrote: its first ten characters are the day.
      db.raw('substr(??, 1, 10)', [column]);
}
