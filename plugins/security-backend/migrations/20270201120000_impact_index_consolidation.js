// @ts-check

/**
 * Fewer, narrower indexes for the impact query (issue #15), so that storing a report costs no
 * more than before the impact columns (docs/benchmarks.md, "Impact queries"). Every index an
 * impact question needs is still there; each name is indexed once, without entity_ref.
 *
 * - components / vulnerabilities: the four name indexes of 20270120120000 ((name_lower |
 *   package_lower, entity_ref), (purl_name, entity_ref), (purl_type, purl_namespace,
 *   purl_name) and the text_pattern_ops prefix index) become two:
 *   - `*_purl_idx` (purl_name) over rows with a purl: a purl (type, namespace, name) and a
 *     bare package name are both equalities on it (type and namespace are compared on the
 *     few rows of that name), and a prefix of a purl name (`LIKE 'log4j%'`) a range of it.
 *     With type and namespace in the key as well, inserting 100,000 findings took the server
 *     about 15% longer;
 *   - `components_name_idx` (name_lower) and `vulnerabilities_package_idx` (package_lower)
 *     over the rows whose lower-case name is not already their purl name (Maven's
 *     `group:artifact`, scoped npm names, Go module paths, PyPI names PEP 503 changes, and
 *     rows without a purl). A name that is its purl name is found through the purl index,
 *     so the impact query asks `purl_name = x OR (name_lower = x AND the index's condition)`.
 *   On PostgreSQL with text_pattern_ops, so equality and prefix (`LIKE 'x%'`) both use them
 *   whatever the database's collation.
 * - components_entity_idx is dropped: the SBOM list of an entity reads its components through
 *   its reports (components_report_idx).
 * - finding_ids: no longer holds a finding's CVE when vulnerabilities.cve_id has it (indexed
 *   since 20270110120000): the impact query by id reads both. Most findings are known by
 *   their CVE alone and so need no finding_ids row. finding_ids.id and
 *   vulnerabilities.cve_id are indexed with text_pattern_ops on PostgreSQL (equality and
 *   prefix).
 * - PostgreSQL: the foreign keys from components, vulnerabilities and finding_ids to reports
 *   become statement triggers with the same guarantees for what Posture does with them. A
 *   foreign key checks each inserted row by itself (a lookup and a lock of the report per
 *   row: the largest single cost of storing a report's rows); the triggers check all rows a
 *   statement inserted at once (every one names an existing report, which is locked
 *   FOR KEY SHARE as a foreign key does, else SQLSTATE 23503) and delete a deleted report's
 *   rows (ON DELETE CASCADE). Neither a report's id nor a row's report_id is ever updated.
 *   SQLite keeps its foreign keys.
 */

/** @param {import('knex').Knex} knex */
function isPostgres(knex) {
  const client = String(knex.client.config.client);
  return client === 'pg' || client.includes('postgres');
}

/**
 * Text columns get text_pattern_ops on PostgreSQL: prefix LIKE uses the index under any
 * collation.
 * @param {boolean} postgres
 * @param {string} column
 */
function pattern(postgres, column) {
  return postgres ? `${column} text_pattern_ops` : column;
}

/** The tables whose rows belong to a report (report_id), children first. */
const REPORT_ROWS = ['finding_ids', 'vulnerabilities', 'components'];

/**
 * PostgreSQL: the report foreign keys of REPORT_ROWS replaced by statement triggers.
 * @param {import('knex').Knex} knex
 */
async function reportRowTriggers(knex) {
  // One pass over the inserted rows (a statement's rows can be many and wide): their report
  // ids, then those reports, locked FOR KEY SHARE as a foreign key locks them, so that they
  // stay until this transaction ends.
  await knex.raw(`
    CREATE FUNCTION posture_report_rows_check() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      ids text[];
      found integer;
    BEGIN
      SELECT array_agg(report_id) INTO ids FROM (SELECT DISTINCT report_id FROM inserted) d;
      SELECT COUNT(*) INTO found
        FROM (SELECT 1 FROM reports r WHERE r.id = ANY (ids) FOR KEY SHARE OF r) locked;
      IF found <> COALESCE(cardinality(ids), 0) THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
          MESSAGE = format('insert into %s names a report that does not exist', TG_TABLE_NAME);
      END IF;
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE FUNCTION posture_report_rows_cascade() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM finding_ids WHERE report_id IN (SELECT id FROM deleted);
      DELETE FROM vulnerabilities WHERE report_id IN (SELECT id FROM deleted);
      DELETE FROM components WHERE report_id IN (SELECT id FROM deleted);
      RETURN NULL;
    END $$`);
  for (const table of REPORT_ROWS) {
    await knex.raw(
      `ALTER TABLE ${table} DROP CONSTRAINT ${table}_report_id_foreign`,
    );
    await knex.raw(
      `CREATE TRIGGER ${table}_report_check AFTER INSERT ON ${table}
         REFERENCING NEW TABLE AS inserted
         FOR EACH STATEMENT EXECUTE FUNCTION posture_report_rows_check()`,
    );
  }
  await knex.raw(
    `CREATE TRIGGER reports_rows_cascade AFTER DELETE ON reports
       REFERENCING OLD TABLE AS deleted
       FOR EACH STATEMENT EXECUTE FUNCTION posture_report_rows_cascade()`,
  );
}

/**
 * PostgreSQL: the foreign keys back in place of the triggers (rows of reports that are gone,
 * which the triggers never leave, deleted first).
 * @param {import('knex').Knex} knex
 */
async function reportForeignKeys(knex) {
  await knex.raw('DROP TRIGGER reports_rows_cascade ON reports');
  for (const table of REPORT_ROWS) {
    await knex.raw(`DROP TRIGGER ${table}_report_check ON ${table}`);
    await knex.raw(
      `DELETE FROM ${table} t WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.id = t.report_id)`,
    );
    await knex.raw(
      `ALTER TABLE ${table} ADD CONSTRAINT ${table}_report_id_foreign
         FOREIGN KEY (report_id) REFERENCES reports (id) ON DELETE CASCADE`,
    );
  }
  await knex.raw('DROP FUNCTION posture_report_rows_cascade()');
  await knex.raw('DROP FUNCTION posture_report_rows_check()');
}

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  const postgres = isPostgres(knex);
  const p = (/** @type {string} */ column) => pattern(postgres, column);

  if (postgres) {
    await knex.raw('DROP INDEX components_name_prefix_idx');
    await knex.raw('DROP INDEX vulnerabilities_package_prefix_idx');
  }
  await knex.schema.alterTable('components', table => {
    table.dropIndex(['name_lower', 'entity_ref'], 'components_name_lower_idx');
    table.dropIndex(['purl_name', 'entity_ref'], 'components_purl_name_idx');
    table.dropIndex(
      ['purl_type', 'purl_namespace', 'purl_name'],
      'components_purl_idx',
    );
    table.dropIndex(['entity_ref'], 'components_entity_idx');
  });
  await knex.schema.alterTable('vulnerabilities', table => {
    table.dropIndex(
      ['package_lower', 'entity_ref'],
      'vulnerabilities_package_lower_idx',
    );
    table.dropIndex(
      ['purl_name', 'entity_ref'],
      'vulnerabilities_purl_name_idx',
    );
    table.dropIndex(
      ['purl_type', 'purl_namespace', 'purl_name'],
      'vulnerabilities_purl_idx',
    );
  });
  for (const [table, name] of [
    ['components', 'name_lower'],
    ['vulnerabilities', 'package_lower'],
  ]) {
    await knex.raw(
      `CREATE INDEX ${table}_purl_idx ON ${table} (${p(
        'purl_name',
      )}) WHERE purl_name IS NOT NULL`,
    );
    await knex.raw(
      `CREATE INDEX ${
        table === 'components'
          ? 'components_name_idx'
          : 'vulnerabilities_package_idx'
      } ON ${table} (${p(
        name,
      )}) WHERE purl_name IS NULL OR ${name} <> purl_name`,
    );
  }

  // A finding's CVE is in vulnerabilities.cve_id; finding_ids keeps its other ids.
  await knex.raw(
    `DELETE FROM finding_ids WHERE EXISTS (
       SELECT 1 FROM vulnerabilities v
        WHERE v.row_id = finding_ids.vulnerability_row_id AND v.cve_id = finding_ids.id)`,
  );
  if (postgres) {
    await reportRowTriggers(knex);
    await knex.raw('DROP INDEX finding_ids_id_idx');
    await knex.raw(
      'CREATE INDEX finding_ids_id_idx ON finding_ids (id text_pattern_ops)',
    );
    await knex.raw('DROP INDEX vulnerabilities_cve_idx');
    await knex.raw(
      'CREATE INDEX vulnerabilities_cve_idx ON vulnerabilities (cve_id text_pattern_ops)',
    );
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  const postgres = isPostgres(knex);

  if (postgres) {
    await knex.raw('DROP INDEX vulnerabilities_cve_idx');
    await knex.raw(
      'CREATE INDEX vulnerabilities_cve_idx ON vulnerabilities (cve_id)',
    );
    await knex.raw('DROP INDEX finding_ids_id_idx');
    await knex.raw('CREATE INDEX finding_ids_id_idx ON finding_ids (id)');
    await reportForeignKeys(knex);
  }
  // The CVE rows again, for the findings that have their impact columns: the older
  // backfill files the ids of the others, and only of findings with none.
  await knex.raw(
    `INSERT INTO finding_ids (report_id, entity_ref, vulnerability_row_id, id)
     SELECT v.report_id, v.entity_ref, v.row_id, v.cve_id
       FROM vulnerabilities v
      WHERE v.cve_id IS NOT NULL AND v.package_lower IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM finding_ids fi
                         WHERE fi.vulnerability_row_id = v.row_id AND fi.id = v.cve_id)`,
  );

  await knex.raw('DROP INDEX components_name_idx');
  await knex.raw('DROP INDEX components_purl_idx');
  await knex.raw('DROP INDEX vulnerabilities_package_idx');
  await knex.raw('DROP INDEX vulnerabilities_purl_idx');
  await knex.schema.alterTable('components', table => {
    table.index(['entity_ref'], 'components_entity_idx');
    table.index(['name_lower', 'entity_ref'], 'components_name_lower_idx');
    table.index(['purl_name', 'entity_ref'], 'components_purl_name_idx');
    table.index(
      ['purl_type', 'purl_namespace', 'purl_name'],
      'components_purl_idx',
    );
  });
  await knex.schema.alterTable('vulnerabilities', table => {
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
    await knex.raw(
      'CREATE INDEX components_name_prefix_idx ON components (name_lower text_pattern_ops)',
    );
    await knex.raw(
      'CREATE INDEX vulnerabilities_package_prefix_idx ON vulnerabilities (package_lower text_pattern_ops)',
    );
  }
};
