// @ts-check

/**
 * Uploaded reports and what they contain. One current report per (entity, artifact, format):
 * a newer upload for the same slot replaces the old one and its rows (ON DELETE CASCADE).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('reports', table => {
    table.comment('The current report per entity, artifact and format');
    table.string('id', 36).primary().notNullable();
    table.string('entity_ref', 255).notNullable();
    table
      .string('artifact', 512)
      .notNullable()
      .comment('Normalised image repository or artifact name');
    table
      .string('artifact_name', 1024)
      .nullable()
      .comment('Artifact name as the tool wrote it');
    table.string('digest', 255).nullable();
    table.string('format', 32).notNullable();
    table
      .string('sha256', 64)
      .notNullable()
      .comment('Of the uploaded bytes, for idempotency');
    table
      .boolean('is_scan')
      .notNullable()
      .comment('Carries vulnerability results, even zero');
    table.timestamp('generated_at', { useTz: true }).nullable();
    table.timestamp('ingested_at', { useTz: true }).notNullable();
    table.integer('finding_count').notNullable();
    table.integer('component_count').notNullable();
    table.text('other_findings').notNullable().defaultTo('{}');
    table.string('uploaded_by', 255).nullable();
    table.unique(['entity_ref', 'artifact', 'format'], {
      indexName: 'reports_slot_uq',
    });
  });

  // The uploaded document, for download; kept apart so report listings never read it.
  await knex.schema.createTable('report_documents', table => {
    table
      .string('report_id', 36)
      .primary()
      .references('id')
      .inTable('reports')
      .onDelete('CASCADE');
    table.text('content', 'longtext').notNullable();
  });

  await knex.schema.createTable('vulnerabilities', table => {
    table.comment('Findings of current reports');
    table.bigIncrements('row_id').primary();
    table
      .string('report_id', 36)
      .notNullable()
      .references('id')
      .inTable('reports')
      .onDelete('CASCADE');
    table.string('entity_ref', 255).notNullable();
    table.string('vuln_id', 255).notNullable();
    table.string('severity', 16).notNullable();
    table
      .smallint('severity_rank')
      .notNullable()
      .comment('0 critical .. 4 unknown, for sorting');
    table.string('package_name', 512).notNullable();
    table.string('installed_version', 255).nullable();
    table.string('fixed_version', 1024).nullable();
    table.string('status', 64).nullable();
    table.float('cvss_score').nullable();
    table.text('title').nullable();
    table.string('url', 2048).nullable();
    table.string('published_at', 64).nullable();
    table.string('target', 1024).nullable();
    table.string('purl', 2048).nullable();
    table.index(
      ['entity_ref', 'severity_rank'],
      'vulnerabilities_entity_severity_idx',
    );
    table.index(['report_id'], 'vulnerabilities_report_idx');
  });

  await knex.schema.createTable('components', table => {
    table.comment('SBOM components and listed packages of current reports');
    table.bigIncrements('row_id').primary();
    table
      .string('report_id', 36)
      .notNullable()
      .references('id')
      .inTable('reports')
      .onDelete('CASCADE');
    table.string('entity_ref', 255).notNullable();
    table.string('name', 1024).notNullable();
    table.string('version', 512).nullable();
    table.string('purl', 2048).nullable();
    table.string('type', 64).nullable();
    table
      .text('licenses')
      .notNullable()
      .comment('JSON array of licence ids or expressions');
    table.index(['entity_ref'], 'components_entity_idx');
    table.index(['report_id'], 'components_report_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('components');
  await knex.schema.dropTable('vulnerabilities');
  await knex.schema.dropTable('report_documents');
  await knex.schema.dropTable('reports');
};
