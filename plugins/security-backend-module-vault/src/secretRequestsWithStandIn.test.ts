import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import securityPlugin, {
  BackgroundTasks,
  securityBackgroundTasksServiceRef,
} from '@posture/backstage-plugin-security-backend';
import {
  createVaultStandIn,
  parsePolicyText,
  seedVaultDemo,
} from '@posture/dev-stand-ins';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import request from 'supertest';
import {
  allowAllPermissions,
  capturingRootLogger,
  recordingAuditor,
  recordingNotifications,
} from './__testUtils__/recordingServices';
import vaultModule from './index';

/*
 * The judged secret request cases end to end through the REAL Vault provisioner of this module:
 * the security backend with the module (metadata reader and provisioner, each with its own
 * seeded token) against the in-process Vault stand-in. The stand-in's state is the truth for
 * what was written; the generated value is read from it directly and searched for everywhere
 * Posture keeps or says anything.
 */

type Knex = Awaited<ReturnType<TestDatabases['init']>>;

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const ALICE = 'user:default/alice'; // asks
const BOB = 'user:default/bob'; // approves
const ERIN = 'user:default/erin'; // approves too
const as = (user: string) => mockCredentials.user.header(user);

const SERVICE: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
};
const KV_PATH = 'default/payments/stripe-key';
const ASK = {
  entityRef: 'component:default/payments',
  kind: 'kv',
  name: 'stripe-key',
  rotationPeriodDays: 30,
  justification: 'The payments service calls the card processor',
};

/** Every row of every table of the plugin's database, as text. */
async function dumpDatabase(knex: Knex): Promise<string> {
  const tables: string[] =
    knex.client.config.client === 'pg'
      ? await knex('information_schema.tables')
          .whereRaw('table_schema = current_schema()')
          .andWhere({ table_type: 'BASE TABLE' })
          .pluck('table_name')
      : await knex('sqlite_master').where({ type: 'table' }).pluck('name');
  const dump: Record<string, unknown[]> = {};
  for (const table of tables) dump[table] = await knex(table).select();
  return JSON.stringify(dump);
}

async function start(knex: Knex) {
  /** Ends of the stand-in's injected delays, released by the test itself. */
  const held: Array<() => void> = [];
  const vault = createVaultStandIn({
    delayTimer: (_ms, done) => {
      held.push(done);
      return () => {};
    },
  });
  const seed = seedVaultDemo(vault.state, vault.state.now(), {
    catalogYaml: '',
  });
  const vaultServer = await vault.start(0);
  const auditor = recordingAuditor();
  const logs = capturingRootLogger();
  const notifications = recordingNotifications();
  const tasks = new BackgroundTasks(mockServices.logger.mock());
  const backend = await startTestBackend({
    features: [
      securityPlugin,
      vaultModule,
      auditor.factory,
      logs.factory,
      notifications.factory,
      allowAllPermissions,
      createServiceFactory({
        service: securityBackgroundTasksServiceRef,
        deps: { lifecycle: coreServices.lifecycle },
        factory({ lifecycle }) {
          lifecycle.addShutdownHook(() => tasks.drain());
          return tasks;
        },
      }),
      catalogServiceMock.factory({ entities: [SERVICE] }),
      mockServices.database.factory({ knex }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.rootConfig.factory({
        data: {
          security: {
            vault: {
              baseUrl: vaultServer.url,
              auth: { method: 'token', token: seed.readerToken },
              // A failure is a failure at once: no retry, no backoff.
              retries: 0,
              schedule: {
                frequency: { hours: 24 },
                timeout: { minutes: 5 },
                initialDelay: { hours: 24 },
              },
              provisioner: {
                auth: { method: 'token', token: seed.provisionerToken },
                mounts: ['secret', 'database'],
                pathPrefixes: ['default/'],
              },
            },
          },
        },
      }),
    ],
  });
  const base = '/api/security/v1/secret-requests';
  /** Every HTTP response body of the test. */
  const responses: string[] = [];
  const keep = async (pending: request.Test) => {
    const res = await pending;
    responses.push(res.text);
    return res;
  };
  const api = {
    ask: () =>
      keep(
        request(backend.server)
          .post(base)
          .set('Authorization', as(ALICE))
          .send(ASK),
      ),
    get: (id: string, user = ALICE) =>
      keep(
        request(backend.server)
          .get(`${base}/${id}`)
          .set('Authorization', as(user)),
      ),
    act: (id: string, action: 'approve' | 'retry', user: string) =>
      keep(
        request(backend.server)
          .post(`${base}/${id}/${action}`)
          .set('Authorization', as(user))
          .send({}),
      ),
    secrets: () =>
      keep(
        request(backend.server)
          .get('/api/security/v1/entities/component/default/payments/secrets')
          .set('Authorization', as(ALICE)),
      ),
  };
  const kv = () => vault.state.kv.mount('secret').get(KV_PATH);
  return {
    vault,
    held,
    api,
    responses,
    auditor,
    logs: logs.lines,
    notifications: notifications.sent,
    tasks,
    kv,
    /** KV v2 data writes that reached the stand-in's store (faulted ones did not). */
    versions: () => [...(kv()?.versions.keys() ?? [])],
    stop: async () => {
      await backend.stop();
      await vaultServer.close();
    },
  };
}

describe.each(databases.eachSupportedId())(
  'secret requests through the Vault provisioner and the stand-in, on %s',
  id => {
    it('provisions one version with its metadata and read policy; the value is in Vault and nowhere in the database, logs, responses, notifications or audit events', async () => {
      const knex = await databases.init(id);
      const b = await start(knex);
      try {
        const asked = await b.api.ask();
        expect(asked.status).toBe(201);
        const requestId = asked.body.id;

        const approved = await b.api.act(requestId, 'approve', BOB);
        expect(approved.status).toBe(200);
        expect(approved.body).toMatchObject({
          status: 'provisioned',
          approver: BOB,
          mount: 'secret',
          path: KV_PATH,
          version: 1,
        });

        // The stand-in: one version, its custom_metadata and the read policy.
        const secret = b.kv()!;
        expect(b.versions()).toEqual([1]);
        expect(secret.customMetadata).toMatchObject({
          owner: 'group:default/team-payments',
          request_id: requestId,
          rotation_period_days: '30',
        });
        const policy = b.vault.state.policies.get(approved.body.policyName)!;
        expect(parsePolicyText(policy.name, policy.raw!).paths).toEqual({
          [`secret/data/${KV_PATH}`]: ['read'],
        });

        // The Secrets card's background check, then every read a user makes.
        await b.tasks.whenIdle();
        const secrets = await b.api.secrets();
        expect(secrets.status).toBe(200);
        expect(
          secrets.body.items.map((i: { path: string }) => i.path),
        ).toContain(KV_PATH);
        await b.api.get(requestId);
        await b.api.get(requestId, BOB);

        const value = secret.versions.get(1)!.data!.value as string;
        expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
        const bytes = Buffer.from(value, 'base64url');
        const spellings = [
          value,
          bytes.toString('base64'),
          bytes.toString('hex'),
        ];
        const places: Record<string, string> = {
          database: await dumpDatabase(knex),
          logs: b.logs.join('\n'),
          responses: b.responses.join('\n'),
          notifications: JSON.stringify(b.notifications),
          auditEvents: JSON.stringify(b.auditor.events),
        };
        for (const [place, text] of Object.entries(places)) {
          // Each place holds the request, so the search looks where the value would be.
          expect({
            place,
            hasRequest: text.includes(KV_PATH) || text.includes(requestId),
          }).toEqual({ place, hasRequest: true });
          expect({
            place,
            found: spellings.filter(s => text.includes(s)),
          }).toEqual({ place, found: [] });
        }
        expect(b.notifications.length).toBeGreaterThan(0);
        expect(b.auditor.outcomes('secret-request-provision')).toEqual([
          'success',
        ]);
      } finally {
        await b.stop();
      }
    }, 60_000);

    it('of two concurrent approvals, one provisions (200) and one gets 409: one version, one approve audit event each', async () => {
      const knex = await databases.init(id);
      const b = await start(knex);
      try {
        const requestId = (await b.api.ask()).body.id;
        // The winner's KV write waits in the stand-in until the loser has been answered.
        b.vault.faults.set(`secret/data/${KV_PATH}`, {
          delayMs: 1,
          methods: ['POST'],
          times: 1,
        });
        const calls = [
          b.api.act(requestId, 'approve', BOB),
          b.api.act(requestId, 'approve', ERIN),
        ];
        for (;;) {
          const approveFailed = b.auditor
            .outcomes('secret-request-approve')
            .includes('fail');
          if (approveFailed && b.held.length === 1) break;
          await new Promise(resolve => setImmediate(resolve));
        }
        b.held[0]();
        const responses = await Promise.all(calls);

        expect(responses.map(r => r.status).sort()).toEqual([200, 409]);
        expect(responses.find(r => r.status === 200)!.body.status).toBe(
          'provisioned',
        );
        expect(b.versions()).toEqual([1]);
        const dataWrites = b.vault.requestLog
          .entries()
          .filter(
            e => e.method !== 'GET' && e.path === `/v1/secret/data/${KV_PATH}`,
          );
        expect(dataWrites).toHaveLength(1);
        expect(b.auditor.outcomes('secret-request-approve').sort()).toEqual([
          'fail',
          'success',
        ]);
        expect(b.auditor.outcomes('secret-request-provision')).toEqual([
          'success',
        ]);
        const { events } = (await b.api.get(requestId)).body;
        expect(events.map((e: { type: string }) => e.type)).toEqual([
          'created',
          'approved',
          'provisioned',
        ]);
      } finally {
        await b.stop();
      }
    }, 60_000);

    it('a 503 on the KV write leaves the request failed with the reason; after recovery a retry provisions and Vault holds one version', async () => {
      const knex = await databases.init(id);
      const b = await start(knex);
      try {
        const requestId = (await b.api.ask()).body.id;
        b.vault.faults.set('secret/data/', { status: 503, methods: ['POST'] });

        const failed = await b.api.act(requestId, 'approve', BOB);
        expect(failed.status).toBe(200);
        expect(failed.body.status).toBe('failed');
        expect(failed.body.reason).toMatch(/503/);
        expect(b.versions()).toEqual([]);

        b.vault.faults.clear();
        const retried = await b.api.act(requestId, 'retry', BOB);
        expect(retried.status).toBe(200);
        expect(retried.body).toMatchObject({
          status: 'provisioned',
          path: KV_PATH,
          version: 1,
        });
        expect(b.versions()).toEqual([1]);
        expect(b.kv()!.customMetadata?.request_id).toBe(requestId);

        // The reason, the history and the audit trail name the failure, never the value.
        const value = b.kv()!.versions.get(1)!.data!.value as string;
        expect(failed.text).not.toContain(value);
        expect(b.auditor.outcomes('secret-request-provision')).toEqual([
          'fail',
          'success',
        ]);
        expect(JSON.stringify(b.auditor.events)).not.toContain(value);
        const { events } = (await b.api.get(requestId)).body;
        expect(events.map((e: { type: string }) => e.type)).toEqual([
          'created',
          'approved',
          'failed',
          'retried',
          'provisioned',
        ]);
      } finally {
        await b.stop();
      }
    }, 60_000);
  },
);
