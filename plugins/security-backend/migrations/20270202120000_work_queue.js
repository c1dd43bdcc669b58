// @ts-check

/**
 * What several backend replicas on one database must agree on (issue #16).
 *
 * - work_queue: background work a request starts but does not wait for (a new digest's
 *   signature check, a provisioned secret's check, a campaign recomputation after an upload,
 *   a campaign's started notice, the demo's start-up seeding). One row per pending item,
 *   keyed by what it is about, so enqueueing the same work twice keeps one. A replica claims
 *   a row (claimed_by, claim_id, lease_until) before running it and renews the lease while it
 *   runs; a row whose lease ran out (its replica died) is claimed by another replica's sweep.
 *   `rerun` marks a request that arrived while the item ran: the claimant runs it once more
 *   instead of deleting it. Payloads hold refs and ids only, never a secret value.
 * - refresh_marks: when each entity was last refreshed on demand (the Security tab's "Check
 *   now"), claimed by a conditional write, so the minimum interval between refreshes holds
 *   across replicas rather than per replica.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('work_queue', table => {
    table.comment('Pending and running background work, claimed with a lease');
    // `<kind>:<key>`, e.g. signatures:component:default/api@sha256:...
    table.string('key', 1024).primary().notNullable();
    table.string('kind', 64).notNullable();
    // JSON: refs and ids only.
    table.text('payload').notNullable();
    table.boolean('rerun').notNullable().defaultTo(false);
    table.string('claimed_by', 255).nullable();
    table.string('claim_id', 36).nullable();
    table.timestamp('lease_until', { useTz: true }).nullable();
    // Not before this (a failed attempt backs off).
    table.timestamp('run_after', { useTz: true }).notNullable();
    // Claims since the item was enqueued (or last asked for again); bounds retries.
    table.integer('attempts').notNullable().defaultTo(0);
    table.timestamp('enqueued_at', { useTz: true }).notNullable();
    table.text('last_error').nullable();
    table.index(['run_after'], 'work_queue_run_after_idx');
    table.index(['lease_until'], 'work_queue_lease_idx');
    table.index(['claim_id'], 'work_queue_claim_idx');
  });
  await knex.schema.createTable('refresh_marks', table => {
    table.comment(
      'The last on-demand refresh of each entity, for its rate limit',
    );
    table.string('entity_ref', 255).primary().notNullable();
    table.timestamp('refreshed_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('refresh_marks');
  await knex.schema.dropTable('work_queue');
};
