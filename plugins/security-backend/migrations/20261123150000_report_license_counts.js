// @ts-check

/**
 * Licence counts per report, computed once at ingestion, so the SBOM's licence facets are a sum
 * over an entity's few reports instead of a scan of all its components on every page.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('reports', table => {
    table
      .text('license_counts')
      .notNullable()
      .defaultTo('{}')
      .comment(
        'JSON object: licence -> number of components carrying it; "(none)" for none',
      );
  });
  // Reports stored before this migration get their counts from their components.
  const reports = await knex('reports').select('id');
  for (const { id } of reports) {
    /** @type {Record<string, number>} */
    const counts = {};
    const rows = await knex('components')
      .where({ report_id: id })
      .select('licenses');
    for (const { licenses } of rows) {
      const list = JSON.parse(licenses);
      for (const license of list.length ? list : ['(none)']) {
        counts[license] = (counts[license] ?? 0) + 1;
      }
    }
    await knex('reports')
      .where({ id })
      .update({ license_counts: JSON.stringify(counts) });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('reports', table => {
    table.dropColumn('license_counts');
  });
};
