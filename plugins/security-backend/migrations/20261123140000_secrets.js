// @ts-check

/**
 * Secret metadata from pull sources (Vault), one row per secret, and each source's last
 * attempt per entity so a failing source marks data stale instead of erasing it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('secrets', table => {
    table.comment('Secret metadata per entity: facts only, never values');
    table.string('entity_ref', 255).notNullable();
    table.string('engine', 255).notNullable();
    table.string('path', 1024).notNullable();
    table.string('kind', 32).notNullable();
    table.integer('current_version').nullable();
    table.string('created_time', 64).nullable();
    table.string('updated_time', 64).nullable();
    table.float('max_age_days').nullable();
    table.string('state', 16).notNullable();
    table.text('error').nullable();
    table.string('checked_at', 64).nullable().comment('Last successful read');
    table.boolean('stale').notNullable().defaultTo(false);
    table.primary(['entity_ref', 'engine', 'path']);
  });

  await knex.schema.createTable('source_status', table => {
    table.comment('Last attempt and success of each pull source per entity');
    table.string('entity_ref', 255).notNullable();
    table.string('source', 64).notNullable();
    table.string('attempted_at', 64).notNullable();
    table.string('succeeded_at', 64).nullable();
    table.text('error').nullable();
    table.primary(['entity_ref', 'source']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('source_status');
  await knex.schema.dropTable('secrets');
};
