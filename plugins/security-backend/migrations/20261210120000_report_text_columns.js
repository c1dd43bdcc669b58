// @ts-check

/**
 * Free text that reports and bundles bring (finding ids, package names, versions, URLs,
 * purls, signer issuers, ...) has no length a tool promises: these columns become `text`, so
 * a 3,000-character URL is stored instead of failing the upload on PostgreSQL, as SQLite
 * (which never enforced the lengths) already did. Columns in a key or a unique index
 * (entity refs, the report slot's artifact, digests of signatures, secret paths) keep their
 * length, and the write path refuses longer values with a 400.
 *
 * PostgreSQL only: varchar to text rewrites no rows and keeps the indexes. SQLite does not
 * enforce declared lengths, so nothing changes there.
 */

/** Column, and its length before this migration, per table. */
const WIDENED = {
  reports: { artifact_name: 1024, digest: 255, uploaded_by: 255 },
  vulnerabilities: {
    vuln_id: 255,
    package_name: 512,
    installed_version: 255,
    fixed_version: 1024,
    status: 64,
    url: 2048,
    target: 1024,
    purl: 2048,
  },
  components: { name: 1024, version: 512, purl: 2048, type: 64 },
  signatures: { signer_issuer: 1024, predicate_type: 512 },
};

/** @param {import('knex').Knex} knex */
function isPostgres(knex) {
  const client = knex.client.config.client;
  return client === 'pg' || client === 'postgres' || client === 'postgresql';
}

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  if (!isPostgres(knex)) {
    return;
  }
  for (const [table, columns] of Object.entries(WIDENED)) {
    for (const column of Object.keys(columns)) {
      await knex.raw('ALTER TABLE ?? ALTER COLUMN ?? TYPE text', [
        table,
        column,
      ]);
    }
  }
};

/**
 * Back to the old lengths; values written since that do not fit are cut to the old length,
 * since the previous release could not have stored them at all.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (!isPostgres(knex)) {
    return;
  }
  for (const [table, columns] of Object.entries(WIDENED)) {
    for (const [column, length] of Object.entries(columns)) {
      await knex.raw(
        `ALTER TABLE ?? ALTER COLUMN ?? TYPE varchar(${Number(
          length,
        )}) USING left(??, ${Number(length)})`,
        [table, column, column],
      );
    }
  }
};
