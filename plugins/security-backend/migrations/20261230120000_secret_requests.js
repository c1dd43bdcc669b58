// @ts-check

/**
 * Self-service secret requests (issue #13).
 *
 * - secret_requests: one row per request, its status and where in Vault it lives (mount,
 *   path, version, policy name). No column ever holds a secret's value: Posture never has one
 *   to store. `attempt` counts provisioning attempts; each attempt is claimed by a conditional
 *   UPDATE that bumps it, so only the claimant writes the attempt's outcome.
 * - Two partial unique indexes keep one live request (pending, approved or provisioned) per
 *   secret: per (entity, kind, name), and per Vault location (mount, path), since entities of
 *   different kinds with one name derive the same path. PostgreSQL and SQLite both have
 *   partial indexes.
 * - secret_request_events: each request's history, oldest first (created, approved, rejected,
 *   expired, provisioned, failed, retried), with who and a detail (a comment, a reason, an
 *   error, a version; never a value).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('secret_requests', table => {
    table.comment('Self-service secret requests; never a secret value');
    table.string('id', 36).primary().notNullable();
    table.string('entity_ref', 255).notNullable();
    // The entity's owner when the request was made: the approval queue filters on it.
    table.string('owner_ref', 255).nullable();
    table.string('kind', 16).notNullable();
    table.string('name', 64).notNullable();
    table.integer('rotation_period_days').notNullable();
    table.text('justification').notNullable();
    table.string('status', 16).notNullable();
    table.string('requester', 255).notNullable();
    table.string('approver', 255).nullable();
    // Why it was rejected, or the last failed attempt's error.
    table.text('reason').nullable();
    table.string('mount', 255).notNullable();
    table.string('path', 1024).notNullable();
    table.integer('version').nullable();
    table.string('policy_name', 255).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('decided_at', { useTz: true }).nullable();
    table.timestamp('provisioned_at', { useTz: true }).nullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.integer('attempt').notNullable().defaultTo(0);
    // When the current attempt was claimed, so one cut short by a restart can be retried.
    table.timestamp('attempt_started_at', { useTz: true }).nullable();
    table.index(['status', 'expires_at'], 'secret_requests_status_idx');
    table.index(['entity_ref'], 'secret_requests_entity_idx');
    table.index(['requester'], 'secret_requests_requester_idx');
    table.index(['created_at'], 'secret_requests_created_idx');
  });
  await knex.raw(
    `CREATE UNIQUE INDEX secret_requests_live_name_idx ON secret_requests (entity_ref, kind, name) WHERE status IN ('pending', 'approved', 'provisioned')`,
  );
  await knex.raw(
    `CREATE UNIQUE INDEX secret_requests_live_path_idx ON secret_requests (mount, path) WHERE status IN ('pending', 'approved', 'provisioned')`,
  );

  await knex.schema.createTable('secret_request_events', table => {
    table.comment('The history of each secret request; never a secret value');
    table.bigIncrements('id').primary();
    table
      .string('request_id', 36)
      .notNullable()
      .references('id')
      .inTable('secret_requests')
      .onDelete('CASCADE');
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('type', 16).notNullable();
    table.string('actor', 255).nullable();
    table.text('detail').nullable();
    table.index(['request_id', 'id'], 'secret_request_events_request_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('secret_request_events');
  await knex.schema.dropTable('secret_requests');
};
