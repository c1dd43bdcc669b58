// @ts-check

/**
 * Blast radius and campaigns (issue #15).
 *
 * - components / vulnerabilities gain their purl parsed into columns at ingestion (type,
 *   namespace, name, version; lower case, PyPI names with `_`/`.` as `-`) and a lower-case name,
 *   so "where do we run X?" is an index lookup (equality, or prefix on PostgreSQL through
 *   text_pattern_ops indexes), never a leading-wildcard LIKE over millions of rows. A bare
 *   package name also matches the purl name (`log4j-core` for Maven's
 *   `org.apache.logging.log4j:log4j-core`), hence the purl_name indexes. Rows stored
 *   before this migration are filled in by the backend at start-up (security-backend's
 *   backfillPurlColumns), in batches, not here: parsing purls needs a purl library.
 * - finding_ids: every id a finding is known by (its id and the aliases its report gives),
 *   upper case, indexed: the impact query by vulnerability id reads it.
 * - reports.artifact gets an index of its own for the impact query by image repository.
 * - campaigns: a saved impact query with a deadline; campaign_entities: every entity the query
 *   matched since the campaign started and when it stopped matching (resolved_at); a match that
 *   returns is unresolved again. campaign_burndown: remaining per day.
 */

/** @param {import('knex').Knex} knex */
function isPostgres(knex) {
  const client = String(knex.client.config.client);
  return client === 'pg' || client.includes('postgres');
}

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  const postgres = isPostgres(knex);

  await knex.schema.alterTable('components', table => {
    table.string('name_lower', 1024).nullable();
    table.string('purl_type', 64).nullable();
    table.string('purl_namespace', 512).nullable();
    table.string('purl_name', 512).nullable();
    table.string('purl_version', 255).nullable();
    // entity_ref rides along so "which entities" for a popular package reads the index only.
    table.index(['name_lower', 'entity_ref'], 'components_name_lower_idx');
    table.index(['purl_name', 'entity_ref'], 'components_purl_name_idx');
    table.index(
      ['purl_type', 'purl_namespace', 'purl_name'],
      'components_purl_idx',
    );
  });
  await knex.schema.alterTable('vulnerabilities', table => {
    table.string('package_lower', 512).nullable();
    table.string('purl_type', 64).nullable();
    table.string('purl_namespace', 512).nullable();
    table.string('purl_name', 512).nullable();
    table.index(
      ['package_lower', 'entity_ref'],
      'vulnerabilities_package_lower_idx',
    );
    table.index(['purl_name', 'entity_ref'], 'vulnerabilities_purl_name_idx');
    table.index(
      ['purl_type', 'purl_namespace', 'purl_name'],
      'vulnerabilities_purl_idx',
    );
  });
  if (postgres) {
    // Prefix search (`name LIKE 'log4j%'`) uses these whatever the database collation.
    await knex.raw(
      'CREATE INDEX components_name_prefix_idx ON components (name_lower text_pattern_ops)',
    );
    await knex.raw(
      'CREATE INDEX vulnerabilities_package_prefix_idx ON vulnerabilities (package_lower text_pattern_ops)',
    );
  }

  await knex.schema.createTable('finding_ids', table => {
    table.comment('Every id and alias of each finding, upper case');
    table
      .string('report_id', 36)
      .notNullable()
      .references('id')
      .inTable('reports')
      .onDelete('CASCADE');
    table.string('entity_ref', 255).notNullable();
    table.bigInteger('vulnerability_row_id').notNullable();
    table.string('id', 255).notNullable();
    table.index(['id'], 'finding_ids_id_idx');
    table.index(['report_id'], 'finding_ids_report_idx');
  });

  await knex.schema.alterTable('reports', table => {
    table.index(['artifact'], 'reports_artifact_idx');
  });

  await knex.schema.createTable('campaigns', table => {
    table.comment('Saved impact queries with a deadline');
    table.string('id', 36).primary().notNullable();
    table.string('title', 200).notNullable();
    table.text('note').notNullable().defaultTo('');
    table.text('query').notNullable().comment('JSON ImpactQuery');
    table.string('deadline', 10).notNullable().comment('YYYY-MM-DD');
    table.string('status', 16).notNullable().comment('active | closed');
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('recomputed_at', { useTz: true }).nullable();
    table.timestamp('started_notified_at', { useTz: true }).nullable();
    table.timestamp('reminder_notified_at', { useTz: true }).nullable();
    table.index(['status'], 'campaigns_status_idx');
  });
  await knex.schema.createTable('campaign_entities', table => {
    table
      .string('campaign_id', 36)
      .notNullable()
      .references('id')
      .inTable('campaigns')
      .onDelete('CASCADE');
    table.string('entity_ref', 255).notNullable();
    table.timestamp('first_seen_at', { useTz: true }).notNullable();
    table.timestamp('resolved_at', { useTz: true }).nullable();
    table.primary(['campaign_id', 'entity_ref']);
  });
  await knex.schema.createTable('campaign_burndown', table => {
    table
      .string('campaign_id', 36)
      .notNullable()
      .references('id')
      .inTable('campaigns')
      .onDelete('CASCADE');
    table.string('day', 10).notNullable();
    table.integer('remaining').notNullable();
    table.integer('total').notNullable();
    table.primary(['campaign_id', 'day']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('campaign_burndown');
  await knex.schema.dropTable('campaign_entities');
  await knex.schema.dropTable('campaigns');
  await knex.schema.alterTable('reports', table => {
    table.dropIndex(['artifact'], 'reports_artifact_idx');
  });
  await knex.schema.dropTable('finding_ids');
  if (isPostgres(knex)) {
    await knex.raw('DROP INDEX IF EXISTS components_name_prefix_idx');
    await knex.raw('DROP INDEX IF EXISTS vulnerabilities_package_prefix_idx');
  }
  await knex.schema.alterTable('vulnerabilities', table => {
    table.dropIndex(
      ['purl_type', 'purl_namespace', 'purl_name'],
      'vulnerabilities_purl_idx',
    );
    table.dropIndex(
      ['purl_name', 'entity_ref'],
      'vulnerabilities_purl_name_idx',
    );
    table.dropIndex(
      ['package_lower', 'entity_ref'],
      'vulnerabilities_package_lower_idx',
    );
    for (const c of [
      'package_lower',
      'purl_type',
      'purl_namespace',
      'purl_name',
    ])
      table.dropColumn(c);
  });
  await knex.schema.alterTable('components', table => {
    table.dropIndex(
      ['purl_type', 'purl_namespace', 'purl_name'],
      'components_purl_idx',
    );
    table.dropIndex(['purl_name', 'entity_ref'], 'components_purl_name_idx');
    table.dropIndex(['name_lower', 'entity_ref'], 'components_name_lower_idx');
    for (const c of [
      'name_lower',
      'purl_type',
      'purl_namespace',
      'purl_name',
      'purl_version',
    ])
      table.dropColumn(c);
  });
};
