/*
 * An index the scorecards could use at fleet size: a caller who may read only some entities
 * gets the trend from those entities' own daily snapshots, and PostgreSQL reads them by day
 * (posture_history_day_idx): every entity's snapshots of the last 90 days, then keeps the
 * caller's. A covering index on (entity_ref, day) with the grade and score lets it read only
 * the caller's entities' rows, from the index alone. Built here (timed, with its size), the
 * restricted caller's scorecards measured again, then dropped, leaving the schema as the
 * migrations made it.
 */
import type { Knex } from 'knex';
import type { CpuMeter } from './scaleCpu';
import { measureScorecards, type ScorecardRead } from './scaleScorecards';
import { timed } from './scaleStats';

const INDEX = 'posture_history_entity_trend_idx';

export interface HistoryIndexResult {
  buildSeconds: number;
  vacuumSeconds: number;
  indexBytes: number;
  /** The scorecards with the index in place (both callers). */
  scorecards: ScorecardRead[];
}

export async function measureHistoryIndex(options: {
  knex: Knex;
  now: Date;
  calls: number;
  cpu?: CpuMeter;
}): Promise<HistoryIndexResult> {
  const { knex } = options;
  await knex.raw(`DROP INDEX IF EXISTS ${INDEX}`);
  const [, build] = await timed(() =>
    knex.raw(
      `CREATE INDEX ${INDEX} ON posture_history (entity_ref, day) INCLUDE (grade, score)`,
    ),
  );
  try {
    // Index-only scans need the visibility map, which autovacuum keeps for insert-only tables.
    const [, vacuum] = await timed(() =>
      knex.raw('VACUUM ANALYZE posture_history'),
    );
    const { rows } = await knex.raw(
      'SELECT pg_relation_size(?::regclass) AS bytes',
      [INDEX],
    );
    const scorecards = await measureScorecards(options);
    return {
      buildSeconds: build / 1000,
      vacuumSeconds: vacuum / 1000,
      indexBytes: Number(rows[0].bytes),
      scorecards,
    };
  } finally {
    await knex.raw(`DROP INDEX IF EXISTS ${INDEX}`);
  }
}
