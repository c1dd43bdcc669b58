// @ts-check

/**
 * The scorecards' trend for a caller who may read only some entities reads those entities'
 * daily grades and scores of the last 90 days. With a primary key of (entity_ref, day) alone,
 * each of those rows is a heap fetch from a different day's pages, so PostgreSQL read every
 * entity's snapshots by day instead and kept the caller's: 198 ms for a caller allowed 20 of
 * 100 teams at 10,000 entities, against 90 ms when the key carries the grade and score
 * (docs/scaling.md). On PostgreSQL the primary key becomes
 * (entity_ref, day) INCLUDE (grade, score): the same uniqueness, answered from the index alone.
 *
 * Index-only scans need the visibility map of the days they read, which autovacuum keeps
 * only after autovacuum_vacuum_insert_scale_factor (0.2) of the table has been inserted: with
 * 400 days kept, that is 80 days of snapshots, most of the trend. The table's own settings
 * vacuum it after 1% (about 4 days) of inserts or of deletes (the regrade's retention).
 *
 * SQLite keeps its primary key: it has no INCLUDE, and the embedded database holds small
 * fleets.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (knex.client.config.client !== 'pg') return;
  await knex.raw(
    `ALTER TABLE posture_history
       DROP CONSTRAINT posture_history_pkey,
       ADD CONSTRAINT posture_history_pkey PRIMARY KEY (entity_ref, day) INCLUDE (grade, score)`,
  );
  await knex.raw(
    `ALTER TABLE posture_history SET (autovacuum_vacuum_insert_scale_factor = 0.01,
                                      autovacuum_vacuum_scale_factor = 0.01)`,
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (knex.client.config.client !== 'pg') return;
  await knex.raw(
    `ALTER TABLE posture_history RESET (autovacuum_vacuum_insert_scale_factor,
                                        autovacuum_vacuum_scale_factor)`,
  );
  await knex.raw(
    `ALTER TABLE posture_history
       DROP CONSTRAINT posture_history_pkey,
       ADD CONSTRAINT posture_history_pkey PRIMARY KEY (entity_ref, day)`,
  );
};
