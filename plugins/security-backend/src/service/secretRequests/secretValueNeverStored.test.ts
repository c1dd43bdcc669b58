import type { Knex } from 'knex';
import { SecretProvisioningError } from '@posture/backstage-plugin-security-node';
import {
  BOB,
  ERIN,
  kvRequest,
  startSecretRequestBackend,
} from '../../__testUtils__/secretRequestBackend';
import { FakeSecretProvisioner } from '../../__testUtils__/secretRequestHarness';
import { createTestDatabases } from '../../__testUtils__/testDatabases';

/*
 * The generated value reaches the provisioner's store and nothing of Posture's: every table of
 * its database, every log line, every response, notification and auditor event is searched for
 * it (and its other spellings) after each path a request can take.
 */

const databases = createTestDatabases();

/** Every row of every table in the database, as text. */
async function dumpDatabase(knex: Knex): Promise<string> {
  const tables: string[] =
    knex.client.config.client === 'pg'
      ? await knex('information_schema.tables')
          .whereRaw('table_schema = current_schema()')
          .andWhere({ table_type: 'BASE TABLE' })
          .pluck('table_name')
      : await knex('sqlite_master').where({ type: 'table' }).pluck('name');
  const dump: Record<string, unknown[]> = {};
  for (const table of tables) {
    dump[table] = await knex(table).select();
  }
  return JSON.stringify(dump);
}

describe.each(databases.eachSupportedId())('secret values on %s', id => {
  it('are found in the provisioner and nowhere in the database, logs, responses, notifications or audit events', async () => {
    const knex = await databases.init(id);
    const provisioner = new FakeSecretProvisioner();
    const b = await startSecretRequestBackend({ knex, provisioner });
    try {
      // Provisioned at once.
      const kv = (await b.api.ask(kvRequest())).body.id;
      expect((await b.api.act(kv, 'approve', BOB)).body.status).toBe(
        'provisioned',
      );
      // A database role that fails, then succeeds on retry.
      const role = (
        await b.api.ask(kvRequest({ kind: 'database-role', name: 'orders' }))
      ).body.id;
      provisioner.failWith(
        new SecretProvisioningError('Vault answered 503', true),
      );
      expect((await b.api.act(role, 'approve', ERIN)).body.status).toBe(
        'failed',
      );
      expect((await b.api.act(role, 'retry', BOB)).body.status).toBe(
        'provisioned',
      );
      // A second KV secret whose first attempt wrote the value but lost the answer: the
      // retry finds its own write and adds no second value.
      const lost = (await b.api.ask(kvRequest({ name: 'webhook' }))).body.id;
      provisioner.loseAnswerWith(
        new SecretProvisioningError('Vault did not answer in time', true),
      );
      expect((await b.api.act(lost, 'approve', BOB)).body.status).toBe(
        'failed',
      );
      expect((await b.api.act(lost, 'retry', ERIN)).body.status).toBe(
        'provisioned',
      );
      // A rejected one, and every read.
      const rejected = (await b.api.ask(kvRequest({ name: 'unused' }))).body.id;
      await b.api.act(rejected, 'reject', BOB, { reason: 'Not needed' });
      for (const requestId of [kv, role, lost, rejected]) {
        await b.api.get(requestId);
      }
      await b.api.list();
      await b.api.list({ mine: 'true' });

      const values = provisioner.values();
      // Three secrets written, each in three spellings.
      expect(values).toHaveLength(9);
      expect(values.every(v => v.length >= 32)).toBe(true);

      const places: Record<string, string> = {
        database: await dumpDatabase(knex),
        logs: b.logs.join('\n'),
        responses: b.responses.join('\n'),
        notifications: JSON.stringify(b.notifications),
        auditEvents: JSON.stringify(b.auditor.events),
      };
      // The search would find a value were it there: the provisioner's own store has them.
      const provisionerStore = JSON.stringify([...provisioner.written]);
      expect(values.filter(v => provisionerStore.includes(v))).toHaveLength(3);
      for (const [place, text] of Object.entries(places)) {
        expect(text.length).toBeGreaterThan(100);
        expect({
          place,
          found: values.filter(value => text.includes(value)),
        }).toEqual({ place, found: [] });
      }
      // What Posture does keep: the location, version and policy, and the history.
      expect(places.database).toContain('default/api/stripe-key');
      expect(places.database).toContain(
        'posture-secret-default-api-stripe-key',
      );
      expect(b.auditor.outcomes('secret-request-provision')).toEqual([
        ['secret-request-provision', 'success'],
        ['secret-request-provision', 'fail'],
        ['secret-request-provision', 'success'],
        ['secret-request-provision', 'fail'],
        ['secret-request-provision', 'success'],
      ]);
      // One value per secret, however many attempts.
      expect(provisioner.written.size).toBe(3);
    } finally {
      await b.stop();
    }
  }, 60_000);
});
