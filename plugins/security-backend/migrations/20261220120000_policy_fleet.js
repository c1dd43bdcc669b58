// @ts-check

/**
 * Policy grading, the fleet view, history and exemptions (issue #12).
 *
 * - entity_posture gains the policy it was graded with, its check results (JSON, for the tab)
 *   and a version that every write bumps, so the batch regrade can write a row only if no
 *   upload changed it meanwhile.
 * - posture_entities: what the catalog said about each entity at the last regrade (owner,
 *   system, domain, lifecycle, tags, policy), as typed columns the scorecards group and
 *   filter on.
 * - posture_group_ancestry: the group tree as a closure (self at depth 0), so an owner's
 *   numbers cover every descendant group in one join; posture_titles: the display names of
 *   groups, systems and domains the scorecards show.
 * - posture_checks: each entity's current check statuses, typed, for pass rates and the
 *   "failing check" filter.
 * - posture_history and posture_history_rollups: one snapshot per entity per day, and per
 *   group per day (the scorecards' trend reads rollups, not 10,000 x 90 rows).
 * - posture_exemptions: asked, decided and expiring exemptions of a check or a finding.
 * - posture_notifications: daily notification batches already sent, one row per (topic,
 *   recipient, day), written before sending, so a second run (or a second replica) sends
 *   nothing twice. Exemption expiry notices are remembered on the exemption itself.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('entity_posture', table => {
    table.string('policy', 255).nullable();
    table.text('checks').notNullable().defaultTo('[]');
    table.integer('version').notNullable().defaultTo(0);
  });

  await knex.schema.createTable('posture_entities', table => {
    table.comment('Catalog facts per entity as of the last regrade');
    table.string('entity_ref', 255).primary().notNullable();
    table.string('kind', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('name', 255).notNullable();
    table.text('title').notNullable();
    table.string('owner_ref', 255).nullable();
    table.string('system_ref', 255).nullable();
    table.string('domain_ref', 255).nullable();
    table.string('lifecycle', 255).nullable();
    table.string('policy', 255).nullable();
    // The posture sources the entity's annotations make applicable (comma-separated).
    table.string('sources', 64).notNullable().defaultTo('scan,sbom');
    table.timestamp('seen_at', { useTz: true }).notNullable();
    table.index(['owner_ref'], 'posture_entities_owner_idx');
    table.index(['system_ref'], 'posture_entities_system_idx');
    table.index(['domain_ref'], 'posture_entities_domain_idx');
  });

  await knex.schema.createTable('posture_entity_tags', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('tag', 255).notNullable();
    table.primary(['entity_ref', 'tag']);
    table.index(['tag'], 'posture_entity_tags_tag_idx');
  });

  await knex.schema.createTable('posture_group_ancestry', table => {
    table.comment(
      'Group tree closure: each group with itself and every ancestor',
    );
    table.string('group_ref', 255).notNullable();
    table.string('ancestor_ref', 255).notNullable();
    table.integer('depth').notNullable();
    table.primary(['group_ref', 'ancestor_ref']);
    table.index(['ancestor_ref'], 'posture_group_ancestry_ancestor_idx');
  });

  await knex.schema.createTable('posture_titles', table => {
    table.comment(
      'Display names of groups, systems and domains, for the scorecards',
    );
    table.string('entity_ref', 255).primary().notNullable();
    table.text('title').notNullable();
  });

  await knex.schema.createTable('posture_checks', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('check', 64).notNullable();
    table.string('status', 16).notNullable();
    table.primary(['entity_ref', 'check']);
    table.index(['check', 'status'], 'posture_checks_check_status_idx');
  });

  await knex.schema.createTable('posture_history', table => {
    table.comment('One posture snapshot per entity per day (UTC)');
    table.string('entity_ref', 255).notNullable();
    table.string('day', 10).notNullable();
    table.string('grade', 1).nullable();
    table.integer('score').nullable();
    table.text('checks').notNullable().defaultTo('{}');
    table.string('owner_ref', 255).nullable();
    table.string('system_ref', 255).nullable();
    table.string('domain_ref', 255).nullable();
    table.primary(['entity_ref', 'day']);
    table.index(['day'], 'posture_history_day_idx');
  });

  await knex.schema.createTable('posture_history_rollups', table => {
    table.comment('Grade counts per group per day; group_ref * is the fleet');
    table.string('day', 10).notNullable();
    table.string('group_by', 16).notNullable();
    table.string('group_ref', 255).notNullable();
    for (const grade of ['a', 'b', 'c', 'd', 'f', 'none']) {
      table.integer(`grade_${grade}`).notNullable().defaultTo(0);
    }
    table.bigInteger('score_sum').notNullable().defaultTo(0);
    table.integer('scored').notNullable().defaultTo(0);
    table.primary(['day', 'group_by', 'group_ref']);
    table.index(['group_by', 'group_ref', 'day'], 'posture_rollups_group_idx');
  });

  await knex.schema.createTable('posture_meta', table => {
    table.comment(
      'Small settings the backend remembers, e.g. the policy last graded with',
    );
    table.string('key', 64).primary().notNullable();
    table.text('value').notNullable();
  });

  await knex.schema.createTable('posture_exemptions', table => {
    table.comment('Time-limited exemptions of one check or one finding');
    table.string('id', 36).primary().notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('check', 64).notNullable();
    table.string('finding_id', 255).nullable();
    table.text('justification').notNullable();
    table.string('requester', 255).notNullable();
    table.string('approver', 255).nullable();
    table.text('comment').nullable();
    table.string('status', 16).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('decided_at', { useTz: true }).nullable();
    table.timestamp('expiry_notified_at', { useTz: true }).nullable();
    table.index(['entity_ref', 'status'], 'posture_exemptions_entity_idx');
    table.index(['status', 'expires_at'], 'posture_exemptions_expiry_idx');
  });

  await knex.schema.createTable('posture_notifications', table => {
    table.comment(
      'Daily notification batches already sent, per topic and recipient',
    );
    table.string('topic', 64).notNullable();
    table.string('recipient', 255).notNullable();
    table.string('day', 10).notNullable();
    table.timestamp('sent_at', { useTz: true }).notNullable();
    table.primary(['topic', 'recipient', 'day']);
    table.index(['day'], 'posture_notifications_day_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('posture_notifications');
  await knex.schema.dropTable('posture_exemptions');
  await knex.schema.dropTable('posture_meta');
  await knex.schema.dropTable('posture_history_rollups');
  await knex.schema.dropTable('posture_history');
  await knex.schema.dropTable('posture_checks');
  await knex.schema.dropTable('posture_titles');
  await knex.schema.dropTable('posture_group_ancestry');
  await knex.schema.dropTable('posture_entity_tags');
  await knex.schema.dropTable('posture_entities');
  await knex.schema.alterTable('entity_posture', table => {
    table.dropColumn('version');
    table.dropColumn('checks');
    table.dropColumn('policy');
  });
};
