// @ts-check

/**
 * Signature verdicts per image digest: one row per (entity, digest, source), where the
 * source is `upload` (a bundle pushed from CI) or a pull source such as `rekor`.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('signatures', table => {
    table.comment('Verified (or not) signatures of entity images, per source');
    table.string('entity_ref', 255).notNullable();
    table.string('digest', 160).notNullable();
    table.string('source', 64).notNullable();
    table.string('status', 32).notNullable();
    table.text('reason').nullable();
    table.string('signer_issuer', 1024).nullable();
    table.text('signer_subject').nullable();
    // Rekor's public log is past 2^31 entries' reach soon enough: a bigint, read back as text on PostgreSQL.
    table.bigInteger('log_index').nullable();
    table.text('log_url').nullable();
    table.string('integrated_time', 64).nullable();
    table.string('kind', 16).nullable();
    table.string('predicate_type', 512).nullable();
    table.integer('entries').notNullable().defaultTo(0);
    table.string('checked_at', 64).nullable().comment('Last verdict reached');
    table.boolean('stale').notNullable().defaultTo(false);
    table.text('error').nullable();
    table.primary(['entity_ref', 'digest', 'source']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('signatures');
};
