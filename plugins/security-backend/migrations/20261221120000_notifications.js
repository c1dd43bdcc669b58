// @ts-check

/**
 * Notification batches already sent (issue #12): one row per (topic, recipient, day), written
 * before the notification is sent, so the daily run sends each batch once even when it runs
 * twice in a day or on two instances at once. Exemption expiry notices are remembered on the
 * exemption itself (posture_exemptions.expiry_notified_at).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
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
};
