import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  VaultProvisionerClient,
  VaultSecretProvisioner,
} from '@posture/backstage-plugin-security-backend-module-vault';
import {
  createVaultStandIn,
  seedVaultDemo,
  type RunningServer,
  type VaultStandIn,
} from '@posture/dev-stand-ins';
import type { Knex } from 'knex';
import { replicaConnection } from '../../__testUtils__/replicaConnection';
import { recordingAuditor } from '../../__testUtils__/secretRequestHarness';
import { createTestStore } from '../../__testUtils__/storeHarness';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { DatabaseSecretRequestStore } from '../../database/DatabaseSecretRequestStore';
import { Provisioning } from './Provisioning';
import { ProvisioningResume } from './ProvisioningResume';
import { SecretRequestNotifier } from './SecretRequestNotifier';

/*
 * A replica dies while it provisions an approved secret request. Another replica's scheduled
 * resume pass finishes it once the attempt is older than security.secretRequests.resumeAfter,
 * through the REAL Vault provisioner against the Vault stand-in, whose state and request log
 * show what reached Vault: one secret version and its policy, never a second version, however
 * far the dead replica got and however many replicas resume at once.
 */

const databases = createTestDatabases();
const T0 = new Date('2027-02-02T12:00:00.000Z');
const RESUME_AFTER_MS = 60_000;
const REQUEST_ID = '5e0c7f3a-2b1d-4c8e-9f6a-7d5b4c3a2e10';
const KV_PATH = 'default/payments/stripe-key';
const POLICY = 'posture-secret-kv-default-payments-stripe-key-8e53e88109';

const SERVICE: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
};

describe.each(databases.eachSupportedId())(
  'resuming a provisioning a dead replica left, on %s',
  id => {
    let knex: Knex;
    let other: ReturnType<typeof replicaConnection>;
    let vault: VaultStandIn;
    let server: RunningServer;
    let provisioner: VaultSecretProvisioner;
    let client: VaultProvisionerClient;
    const clock = { now: T0 };

    beforeEach(async () => {
      ({ knex } = await createTestStore(databases, id));
      other = replicaConnection(knex);
      vault = createVaultStandIn();
      const seed = seedVaultDemo(vault.state, vault.state.now(), {
        catalogYaml: '',
      });
      server = await vault.start();
      client = new VaultProvisionerClient({
        baseUrl: server.url,
        auth: { method: 'token', token: seed.provisionerToken },
        concurrency: 4,
        requestsPerSecond: 10_000,
        timeoutMs: 5_000,
        retries: 0,
      });
      provisioner = new VaultSecretProvisioner({
        client,
        config: {
          auth: { method: 'token', token: seed.provisionerToken },
          mounts: ['secret', 'database'],
          pathPrefixes: ['default/'],
          kvMount: 'secret',
          databaseMount: 'database',
          policyPrefix: 'posture-secret-',
          maxVersions: 10,
        },
        logger: mockServices.logger.mock(),
      });
      clock.now = T0;
    });
    afterEach(async () => {
      await client.close();
      await server.close();
      await other.destroy();
    });

    /** One replica's resume pass, over its own connection. */
    function replica(db: Knex) {
      const store = new DatabaseSecretRequestStore(db);
      const auditor = recordingAuditor();
      const sent: unknown[] = [];
      const logger = mockServices.logger.mock();
      const provisioning = new Provisioning({
        provisioner,
        store,
        auditor: auditor.auditor,
        logger,
        notifier: new SecretRequestNotifier({
          notifications: {
            send: async (options: unknown) => {
              sent.push(options);
            },
          } as unknown as NotificationService,
          logger,
          approvers: [],
        }),
        now: () => clock.now,
        timeoutMs: 10_000,
        staleAfterMs: RESUME_AFTER_MS,
      });
      const resume = new ProvisioningResume({
        store,
        provisioning,
        catalog: catalogServiceMock({ entities: [SERVICE] }),
        auth: mockServices.auth(),
        auditor: auditor.auditor,
        logger,
        now: () => clock.now,
      });
      return { store, resume, auditor, sent };
    }

    /** An approved request whose first attempt replica A claimed at T0. */
    async function approvedAtT0() {
      const store = new DatabaseSecretRequestStore(knex);
      await store.create({
        request: {
          id: REQUEST_ID,
          entityRef: 'component:default/payments',
          ownerRef: 'group:default/team-payments',
          kind: 'kv',
          name: 'stripe-key',
          rotationPeriodDays: 30,
          justification: 'The payments service calls the card processor',
          requester: 'user:default/alice',
          mount: 'secret',
          path: KV_PATH,
          expiresAt: new Date(T0.getTime() + 86_400_000),
        },
        now: T0,
      });
      await store.approve({
        id: REQUEST_ID,
        approver: 'user:default/bob',
        comment: null,
        now: T0,
      });
    }

    const dataWrites = () =>
      vault.requestLog
        .entries()
        .filter(
          e => e.method !== 'GET' && e.path.startsWith('/v1/secret/data/'),
        );
    const policyWrites = () =>
      vault.requestLog
        .entries()
        .filter(
          e => e.method !== 'GET' && e.path.startsWith('/v1/sys/policies/acl/'),
        );

    async function resumeOnBothAt(ms: number) {
      clock.now = new Date(T0.getTime() + ms);
      const a = replica(knex);
      const b = replica(other.db);
      const counts = await Promise.all([a.resume.run(), b.resume.run()]);
      return { a, b, resumed: counts[0] + counts[1] };
    }

    it('after the write reached Vault: resumed once, after the lease, with no second version', async () => {
      await approvedAtT0();
      // Replica A's attempt wrote everything to Vault and died before recording it.
      await provisioner.provision(
        {
          requestId: REQUEST_ID,
          entityRef: 'component:default/payments',
          ownerRef: 'group:default/team-payments',
          kind: 'kv',
          name: 'stripe-key',
          rotationPeriodDays: 30,
          serviceRole: 'payments',
        },
        {},
      );
      expect(dataWrites()).toHaveLength(1);
      const policy = vault.state.policies.get(POLICY);
      expect(policy?.paths).toEqual({
        [`secret/data/${KV_PATH}`]: ['read'],
      });

      // Not yet: the attempt could still be alive.
      expect((await resumeOnBothAt(RESUME_AFTER_MS - 1000)).resumed).toBe(0);
      // Two replicas' passes at once: one resumes it.
      const { a, b, resumed } = await resumeOnBothAt(RESUME_AFTER_MS + 1000);
      expect(resumed).toBe(1);

      const request = await a.store.get({ id: REQUEST_ID, now: clock.now });
      expect(request).toMatchObject({
        status: 'provisioned',
        version: 1,
        policyName: POLICY,
        attempt: 2,
      });
      const events = await a.store.events({ id: REQUEST_ID });
      expect(events.map(e => [e.type, e.actor])).toEqual([
        ['created', 'user:default/alice'],
        ['approved', 'user:default/bob'],
        ['retried', null],
        ['provisioned', null],
      ]);
      expect(events[2].detail).toBe(
        'Resumed by Posture: attempt 1, started at 2027-02-02T12:00:00.000Z, did not finish',
      );
      // Vault: still the one version A wrote, no second data write; the policy unchanged.
      expect([
        ...vault.state.kv.mount('secret').get(KV_PATH)!.versions.keys(),
      ]).toEqual([1]);
      expect(dataWrites()).toHaveLength(1);
      expect(policyWrites()).toHaveLength(2);
      expect(vault.state.policies.get(POLICY)).toEqual(policy);
      // Audited and told once, by whichever replica resumed it.
      const audits = [...a.auditor.events, ...b.auditor.events].map(e => [
        e.eventId,
        e.outcome,
      ]);
      expect(audits).toEqual([
        ['secret-request-resume', 'success'],
        ['secret-request-provision', 'success'],
      ]);
      expect([...a.sent, ...b.sent]).toHaveLength(1);

      // Done: later passes leave it alone.
      expect((await resumeOnBothAt(3_600_000)).resumed).toBe(0);
      expect(dataWrites()).toHaveLength(1);
    });

    it('before anything reached Vault: the resumed attempt writes the secret once', async () => {
      await approvedAtT0();
      const { a, resumed } = await resumeOnBothAt(RESUME_AFTER_MS + 1000);
      expect(resumed).toBe(1);
      expect(
        await a.store.get({ id: REQUEST_ID, now: clock.now }),
      ).toMatchObject({ status: 'provisioned', version: 1, attempt: 2 });
      expect(dataWrites()).toHaveLength(1);
      expect(policyWrites()).toHaveLength(1);
      expect(
        vault.state.kv.mount('secret').get(KV_PATH)?.customMetadata?.request_id,
      ).toBe(REQUEST_ID);
    });

    it('an entity gone from the catalog meanwhile: the attempt fails with the reason, nothing is written', async () => {
      await approvedAtT0();
      clock.now = new Date(T0.getTime() + RESUME_AFTER_MS + 1000);
      const store = new DatabaseSecretRequestStore(knex);
      const logger = mockServices.logger.mock();
      const provisioning = new Provisioning({
        provisioner,
        store,
        auditor: mockServices.auditor.mock(),
        logger,
        notifier: new SecretRequestNotifier({
          notifications: {
            send: async () => {},
          } as unknown as NotificationService,
          logger,
          approvers: [],
        }),
        now: () => clock.now,
        staleAfterMs: RESUME_AFTER_MS,
      });
      const resume = new ProvisioningResume({
        store,
        provisioning,
        catalog: catalogServiceMock({ entities: [] }),
        auth: mockServices.auth(),
        auditor: mockServices.auditor.mock(),
        logger,
        now: () => clock.now,
      });
      expect(await resume.run()).toBe(1);
      expect(await store.get({ id: REQUEST_ID, now: clock.now })).toMatchObject(
        {
          status: 'failed',
          reason:
            'component:default/payments is no longer in the catalog; nothing was provisioned',
        },
      );
      expect(vault.requestLog.entries()).toEqual([]);
    });
  },
);
