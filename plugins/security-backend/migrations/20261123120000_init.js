// @ts-check

/**
 * Summary row per catalog entity: what every read of the Security tab, the scorecards and the
 * gate starts from. Sections are JSON so that a source can add fields without a migration.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('entity_posture', table => {
    table.comment(
      'Posture summary per catalog entity, recomputed on every write',
    );
    table.string('entity_ref', 255).primary().notNullable();
    table.string('grade', 1).nullable();
    table.integer('score').nullable();
    table.text('reasons').notNullable().defaultTo('[]');
    table.text('vulnerabilities').nullable();
    table.text('sbom').nullable();
    table.text('signature').nullable();
    table.text('secrets').nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['grade'], 'entity_posture_grade_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('entity_posture');
};
